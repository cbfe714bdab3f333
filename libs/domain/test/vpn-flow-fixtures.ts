// Typed access to the golden VPN flow (copied from ../shared/domain/vpn_flow_fixtures.json so CI
// has it). Imported as JSON so that specs under src/ need no file-system access.
import raw from './fixtures/vpn_flow_fixtures.json';

export type Body = Record<string, unknown>;

export interface DerivedFixture {
  resource_type: string;
  id: string;
  resulting_resource: Record<string, Body>;
  etcd_config_v1?: { value: { body: Body; version: number } };
  etcd_config_v2_attached?: { value: { body: Body; version: number } };
  etcd_monitoring?: { value: Body };
}

export interface FixtureStep {
  step: number;
  method: string;
  path: string;
  resource_type: string;
  resulting_id: string;
  body: Record<string, Body>;
  resulting_resource: Record<string, Body>;
  derived_resources?: DerivedFixture[];
  etcd_config_v1?: { value: { body: Body; version: number } };
  side_effects?: Record<string, unknown>;
}

export const vpnFlowSteps = raw as unknown as FixtureStep[];

/** The final show output of every resource type in the flow (derived ones included). */
export function showOutputsByType(): Map<string, Body> {
  const shows = new Map<string, Body>();
  for (const step of vpnFlowSteps) {
    shows.set(step.resource_type, step.resulting_resource[step.resource_type]!);
    for (const d of step.derived_resources ?? [])
      shows.set(d.resource_type, d.resulting_resource[d.resource_type]!);
  }
  return shows;
}

// Commands of the golden VPN flow (../shared/domain/vpn_flow_fixtures.json, as copied into
// libs/domain/test/fixtures) for the decider's tests with the real gohan domain. Secrets are
// encrypted as the API does before publishing a command (commands travel on Kafka too).
import { randomBytes, randomUUID } from 'node:crypto';
import { DEVELOPMENT_SECRETS_KEY } from '@gohan-es/config';
import { schemaById } from '@gohan-es/domain';
import type { Command, ResourceBody } from '@gohan-es/domain';
import { encryptSecretFields } from '@gohan-es/events';
import raw from '../../../domain/test/fixtures/vpn_flow_fixtures.json';

interface FixtureStep {
  step: number;
  resource_type: string;
  resulting_id: string;
  body: Record<string, ResourceBody>;
  resulting_resource: Record<string, ResourceBody>;
  derived_resources?: {
    resource_type: string;
    id: string;
    resulting_resource: Record<string, ResourceBody>;
  }[];
}

const steps = raw as unknown as FixtureStep[];
const admin = {
  user_name: 'admin',
  tenant_id: 'b3e3095c0a5b4383805efe9cf2a6b5ef',
  roles: ['admin'],
  is_admin: true,
};

const randomMac = (): string =>
  `fa:16:3e:${[...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;

function command(step: FixtureStep, ids: string[], macs: string[]): Command {
  const schema = schemaById(step.resource_type)!;
  const body = encryptSecretFields(schema, step.body[step.resource_type]!, DEVELOPMENT_SECRETS_KEY);
  return {
    kind: 'create',
    resource_type: step.resource_type,
    body,
    meta: { command_id: randomUUID(), actor: admin, now: new Date().toISOString(), ids, macs },
  };
}

/** The creates of the flow before the first step of `resourceType`, with the fixture ids. */
export function stepsBefore(resourceType: string): Command[] {
  const end = steps.findIndex((s) => s.resource_type === resourceType);
  return steps
    .slice(0, end)
    .map((s) => command(s, [s.resulting_id, ...(s.derived_resources ?? []).map((d) => d.id)], []));
}

/** A create of the flow's `resourceType` step with fresh ids and MACs (for racing copies). */
export function freshCreate(resourceType: string): Command {
  const step = steps.find((s) => s.resource_type === resourceType)!;
  const ids = Array.from({ length: 1 + (step.derived_resources?.length ?? 0) }, () => randomUUID());
  return command(step, ids, Array.from({ length: 8 }, randomMac));
}

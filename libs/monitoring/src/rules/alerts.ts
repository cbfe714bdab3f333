// Alerts from a resource's lifecycle timeline (pure). Two kinds:
//   operational   the applied operational_state became DOWN (critical) or FAIL (warning: monitoring
//                 cannot see the resource, status MONITORING_UNAVAILABLE); resolved when it is UP
//                 again ('recovered'), when it turns to the other bad value ('changed': a new alert
//                 opens for that one), or when the resource is deleted ('deleted').
//   provisioning  orchestration_state became <ACTION>_FAILED (critical, the router's message);
//                 resolved when a later change of the resource completes ('recovered'), by another
//                 failure of a different action ('changed'), or by the deletion ('deleted').
// Only applied state counts: an observation the version guards refuse raises nothing. An alert is
// keyed by the event id of the fact that opened it; times are the facts' occurred_at.
import type { Json } from '@gohan-es/domain';
import type { LifecycleStep } from '@gohan-es/lifecycle';

export type AlertKind = 'operational' | 'provisioning';
export type AlertSeverity = 'critical' | 'warning';
export type AlertResolution = 'recovered' | 'changed' | 'deleted';

export interface Alert {
  alert_id: string;
  tenant_id: string;
  resource_type: string;
  resource_id: string;
  kind: AlertKind;
  /** DOWN | FAIL | CREATE_FAILED | UPDATE_FAILED | DELETE_FAILED */
  condition: string;
  severity: AlertSeverity;
  message: string;
  state: 'open' | 'resolved';
  opened_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: AlertResolution | null;
  /** The observation's detail (which router is master, since when...) or the failed action. */
  detail: Json;
}

const BAD_OPERATIONAL: Readonly<Record<string, { severity: AlertSeverity; text: string }>> = {
  DOWN: { severity: 'critical', text: 'is DOWN' },
  FAIL: { severity: 'warning', text: 'cannot be monitored (FAIL): status MONITORING_UNAVAILABLE' },
};

function open(
  step: LifecycleStep,
  kind: AlertKind,
  condition: string,
  severity: AlertSeverity,
  message: string,
  detail: Json,
): Alert {
  return {
    alert_id: step.fact.event_id,
    tenant_id: step.fact.tenant_id,
    resource_type: step.fact.resource_type,
    resource_id: step.fact.resource_id,
    kind,
    condition,
    severity,
    message,
    state: 'open',
    opened_at: step.at,
    resolved_at: null,
    resolved_by: null,
    resolution: null,
    detail,
  };
}

function resolve(alert: Alert, step: LifecycleStep, resolution: AlertResolution): Alert {
  return { ...alert, state: 'resolved', resolved_at: step.at, resolved_by: step.fact.event_id, resolution };
}

/** Every alert of one resource, in the order they opened. */
export function alertsOf(steps: readonly LifecycleStep[]): Alert[] {
  const alerts: Alert[] = [];
  let operational: Alert | undefined;
  let provisioning: Alert | undefined;
  const close = (alert: Alert | undefined, step: LifecycleStep, resolution: AlertResolution) => {
    if (alert) alerts[alerts.indexOf(alert)] = resolve(alert, step, resolution);
  };
  for (const step of steps) {
    const name = `${step.fact.resource_type} ${step.fact.resource_id}`;
    if (step.deleted) {
      close(operational, step, 'deleted');
      close(provisioning, step, 'deleted');
      operational = provisioning = undefined;
      break;
    }
    const oper = step.state.operational_state ?? '';
    const bad = BAD_OPERATIONAL[oper];
    if (bad && operational?.condition !== oper) {
      close(operational, step, 'changed');
      const detail =
        (step.fact.event_type === 'OperationalStateObserved' ? step.fact.data.detail : null) ?? null;
      operational = open(step, 'operational', oper, bad.severity, `${name} ${bad.text}`, detail);
      alerts.push(operational);
    } else if (!bad && operational && oper === 'UP') {
      close(operational, step, 'recovered');
      operational = undefined;
    }
    const orch = step.state.orchestration_state ?? '';
    if (orch.endsWith('_FAILED') && provisioning?.condition !== orch) {
      close(provisioning, step, 'changed');
      const action = orch.slice(0, -'_FAILED'.length).toLowerCase();
      const message = `${name}: ${action} failed: ${step.state.state_error ?? ''}`.trim();
      provisioning = open(step, 'provisioning', orch, 'critical', message, { action });
      alerts.push(provisioning);
    } else if (provisioning && (orch.endsWith('_COMPLETE') || orch === 'SYNC_COMPLETE')) {
      close(provisioning, step, 'recovered');
      provisioning = undefined;
    }
  }
  return alerts;
}

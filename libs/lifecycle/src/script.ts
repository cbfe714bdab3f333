// A scripted event timeline: envelopes of config, provisioning and status events for resources, in
// the exact shapes the decider, the provisioner and the collector publish (full Created resources,
// state events with their config version). Used by the unit and integration tests of the stream
// consumers and handy to reproduce a billing or alert question by hand.
import { completeBody, initialStateFields, pascalCase, schemaById } from '@gohan-es/domain';
import type { ObservedState, ProvisioningAction, ResourceBody } from '@gohan-es/domain';
import type { EventEnvelope } from '@gohan-es/events';
import type { PositionedEnvelope } from './facts';

export type TopicKind = 'events' | 'provisioning' | 'status';

/** Which topic an event type is published on (config facts, provisioning results, observations). */
export function topicKindOf(eventType: string): TopicKind {
  if (eventType === 'OperationalStateObserved') return 'status';
  if (eventType.startsWith('Provisioning')) return 'provisioning';
  return 'events';
}

export interface ScriptOptions {
  tenant_id: string;
  /** Event ids are `<prefix>-<n>`. */
  prefix: string;
}

export interface EventScript {
  readonly events: EventEnvelope[];
  created(type: string, id: string, body: ResourceBody, at: string): EventEnvelope;
  updated(type: string, id: string, version: number, changes: ResourceBody, at: string): EventEnvelope;
  deleteRequested(type: string, id: string, version: number, at: string): EventEnvelope;
  deleted(type: string, id: string, version: number, at: string): EventEnvelope;
  started(type: string, id: string, version: number, action: ProvisioningAction, at: string): EventEnvelope;
  succeeded(type: string, id: string, version: number, action: ProvisioningAction, at: string): EventEnvelope;
  failed(
    type: string,
    id: string,
    version: number,
    action: ProvisioningAction,
    error: string,
    at: string,
  ): EventEnvelope;
  observed(
    type: string,
    id: string,
    version: number,
    state: ObservedState,
    at: string,
    detail?: ResourceBody,
  ): EventEnvelope;
}

export function eventScript(options: ScriptOptions): EventScript {
  const events: EventEnvelope[] = [];
  const emit = (
    event_type: string,
    aggregate_type: string,
    aggregate_id: string,
    aggregate_version: number,
    data: ResourceBody,
    occurred_at: string,
  ): EventEnvelope => {
    const n = events.length + 1;
    const envelope: EventEnvelope = {
      event_id: `${options.prefix}-${n}`,
      event_type,
      aggregate_type,
      aggregate_id,
      aggregate_version,
      tenant_id: options.tenant_id,
      command_id: `${options.prefix}-cmd-${n}`,
      causation_id: null,
      request_id: null,
      actor: { user_name: 'script', tenant_id: options.tenant_id, roles: ['admin'], is_admin: true },
      occurred_at,
      data,
    };
    events.push(envelope);
    return envelope;
  };
  const schemaOf = (type: string) => {
    const schema = schemaById(type);
    if (!schema) throw new Error(`unknown resource type ${type}`);
    return schema;
  };
  const pascal = (type: string) => pascalCase(schemaOf(type).id);
  const result =
    (kind: string) => (type: string, id: string, version: number, action: ProvisioningAction, at: string) =>
      emit(`Provisioning${kind}`, type, id, version, { action, config_version: version, router: null }, at);
  return {
    events,
    created(type, id, body, at) {
      const schema = schemaOf(type);
      const withIds: ResourceBody = { ...body, id, tenant_id: options.tenant_id };
      const resource = completeBody(schema, { ...withIds, ...initialStateFields(schema, withIds) });
      return emit(`${pascal(type)}Created`, type, id, 1, { resource }, at);
    },
    updated: (type, id, version, changes, at) =>
      emit(`${pascal(type)}Updated`, type, id, version, { changes }, at),
    deleteRequested: (type, id, version, at) =>
      emit(`${pascal(type)}DeleteRequested`, type, id, version, {}, at),
    deleted: (type, id, version, at) => emit(`${pascal(type)}Deleted`, type, id, version, {}, at),
    started: result('Started'),
    succeeded: result('Succeeded'),
    failed: (type, id, version, action, error, at) =>
      emit(
        'ProvisioningFailed',
        type,
        id,
        version,
        { action, config_version: version, error, router: 'MX-2' },
        at,
      ),
    observed: (type, id, version, state, at, detail = {}) =>
      emit(
        'OperationalStateObserved',
        type,
        id,
        version,
        {
          operational_state: state,
          config_version: version,
          detail: { observed_at: at, since: at, master: null, ...detail },
        },
        at,
      ),
  };
}

/** Positions the envelopes as if published in this order: offsets count up per topic kind. */
export function positioned(envelopes: readonly EventEnvelope[], topicPrefix = 't'): PositionedEnvelope[] {
  const next: Record<string, number> = {};
  return envelopes.map((envelope) => {
    const topic = `${topicPrefix}.${topicKindOf(envelope.event_type)}`;
    const offset = next[topic] ?? 0;
    next[topic] = offset + 1;
    return { topic, partition: 0, offset: String(offset), envelope };
  });
}

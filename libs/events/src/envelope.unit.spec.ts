import type { CommandMeta, DomainEvent } from '@gohan-es/domain';
import { buildEnvelope, buildEnvelopes, commandContext, EnvelopeError, toDomainEvent } from './envelope';
import {
  childTraceContext,
  eventHeaders,
  isTraceparent,
  newTraceContext,
  readEventType,
  readTraceContext,
} from './headers';

const meta: CommandMeta = {
  command_id: 'cmd-1',
  request_id: 'req-1',
  actor: { user_name: 'admin', tenant_id: 'a'.repeat(32), roles: ['admin'], is_admin: true },
  now: '2026-11-26T10:00:00.123Z',
  ids: [],
  macs: [],
};

const created: DomainEvent = {
  event_type: 'PortCreated',
  aggregate_type: 'port',
  aggregate_id: 'port-1',
  aggregate_version: 1,
  tenant_id: 'a'.repeat(32),
  parent: { aggregate_type: 'gw_interface', aggregate_id: 'gw-1' },
  data: { resource: { id: 'port-1' } },
};

describe('envelope', () => {
  it('should wrap a domain event with the command context', () => {
    const envelope = buildEnvelope(created, commandContext(meta), 'evt-1');
    expect(envelope).toEqual({
      ...created,
      event_id: 'evt-1',
      command_id: 'cmd-1',
      causation_id: 'cmd-1',
      request_id: 'req-1',
      actor: { user_name: 'admin', tenant_id: 'a'.repeat(32), roles: ['admin'], is_admin: true },
      occurred_at: '2026-11-26T10:00:00.123Z',
    });
    expect(toDomainEvent(envelope)).toEqual(created);
  });

  it('should give each event of a decision its own id', () => {
    let n = 0;
    const envelopes = buildEnvelopes(
      [created, { ...created, aggregate_id: 'port-2' }],
      commandContext(meta),
      () => `evt-${++n}`,
    );
    expect(envelopes.map((e) => e.event_id)).toEqual(['evt-1', 'evt-2']);
  });

  it('should omit parent when the event has none and default system fields', () => {
    const { parent: _parent, ...orphan } = created;
    const envelope = buildEnvelope(
      orphan,
      {
        command_id: 'job-1',
        actor: { user_name: 'system:provisioner', tenant_id: 't', roles: [] },
        occurred_at: meta.now,
      },
      'e',
    );
    expect('parent' in envelope).toBe(false);
    expect(envelope.causation_id).toBeNull();
    expect(envelope.request_id).toBeNull();
    expect(envelope.actor.is_admin).toBe(false);
  });

  it('should refuse a timestamp that is not ISO-8601 UTC and a bad version', () => {
    expect(() =>
      buildEnvelope(created, { ...commandContext(meta), occurred_at: '2026-11-26 10:00' }, 'e'),
    ).toThrow(EnvelopeError);
    expect(() => buildEnvelope({ ...created, aggregate_version: 1.5 }, commandContext(meta), 'e')).toThrow(
      EnvelopeError,
    );
  });
});

describe('trace headers', () => {
  it('should carry traceparent and event_type', () => {
    const trace = newTraceContext();
    expect(isTraceparent(trace.traceparent)).toBe(true);
    const headers = eventHeaders('PortCreated', trace);
    expect(readEventType(headers)).toBe('PortCreated');
    expect(readTraceContext(headers)).toEqual(trace);
    expect(readTraceContext({ traceparent: Buffer.from(trace.traceparent) })).toEqual(trace);
  });

  it('should make child spans of the same trace', () => {
    const parent = {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'x=1',
    };
    const child = childTraceContext(parent);
    expect(child.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(child.traceparent).not.toBe(parent.traceparent);
    expect(child.tracestate).toBe('x=1');
  });

  it('should ignore an invalid traceparent', () => {
    expect(
      readTraceContext({ traceparent: '00-00000000000000000000000000000000-b7ad6b7169203331-01' }),
    ).toBeUndefined();
    expect(readTraceContext({})).toBeUndefined();
  });
});

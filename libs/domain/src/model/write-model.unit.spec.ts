import { bodyOf, createCmd, idOf, labThrough } from '../../test/lab';
import { vpnFlowSteps } from '../../test/vpn-flow-fixtures';
import { resourceSchemas } from '../resources';
import { catalogEntry, eventCatalog, resourceEventKind } from './event-catalog';
import type { DomainEvent } from './events';
import { createWriteModel, evolve, getResource, referrersOf, replay } from './write-model';
import { uniqueHolder } from './write-model';

const lab = labThrough('static_route');

describe('WriteModel', () => {
  describe('When the whole flow is replayed', () => {
    it('should rebuild the same model from the same events (deterministic)', () => {
      const again = replay(lab.events);
      expect(again.eventCount).toBe(lab.events.length);
      for (const [type, byId] of lab.model.resources) {
        for (const [id, record] of byId) expect(getResource(again, type, id)).toEqual(record);
      }
      expect(again.uniques).toEqual(lab.model.uniques);
      expect(again.referrers).toEqual(lab.model.referrers);
    });

    it('should hold every resource of the flow with its config version', () => {
      expect(
        vpnFlowSteps.every((s) => getResource(lab.model, s.resource_type, s.resulting_id) !== undefined),
      ).toBe(true);
      expect(getResource(lab.model, 'vpn_gateway', idOf('vpn_gateway'))!.version).toBe(2);
      expect(getResource(lab.model, 'gw_interface', idOf('gw_interface'))!.version).toBe(1);
    });

    it('should index unique values and referrers', () => {
      expect(uniqueHolder(lab.model, 'gw_interface', 'vpn_gw_id', idOf('vpn_gateway'))).toBe(
        idOf('gw_interface'),
      );
      expect(uniqueHolder(lab.model, 'edge_router', 'ip', '10.79.5.184')).toBe(idOf('edge_router', 1));
      const users = referrersOf(lab.model, 'vpn_gateway', idOf('vpn_gateway'))
        .map((r) => r.resource_type)
        .sort();
      expect(users).toEqual(['gw_interface', 'static_route', 'vpn_interface']);
    });
  });

  describe('When an inventory resource is deleted', () => {
    it('should free its unique values and references', () => {
      const model = createWriteModel();
      const created = {
        event_type: 'EdgeRouterCreated',
        aggregate_type: 'edge_router',
        aggregate_id: 'r1',
        aggregate_version: 1,
        tenant_id: 't',
        data: { resource: { ...bodyOf('edge_router'), id: 'r1' } },
      };
      evolve(model, created);
      expect(uniqueHolder(model, 'edge_router', 'ip', '10.79.5.185')).toBe('r1');
      evolve(model, {
        ...created,
        event_type: 'EdgeRouterUpdated',
        aggregate_version: 2,
        data: { changes: { ip: '10.0.0.1' } },
      });
      expect(uniqueHolder(model, 'edge_router', 'ip', '10.79.5.185')).toBeUndefined();
      expect(uniqueHolder(model, 'edge_router', 'ip', '10.0.0.1')).toBe('r1');
      evolve(model, { ...created, event_type: 'EdgeRouterDeleted', aggregate_version: 3, data: {} });
      expect(getResource(model, 'edge_router', 'r1')).toBeUndefined();
      expect(uniqueHolder(model, 'edge_router', 'ip', '10.0.0.1')).toBeUndefined();
    });
  });

  describe('When an event is unknown or out of place', () => {
    it('should throw rather than diverge', () => {
      const event: DomainEvent = {
        event_type: 'Nope',
        aggregate_type: 'port',
        aggregate_id: 'x',
        aggregate_version: 1,
        tenant_id: 't',
        data: {},
      };
      expect(() => evolve(createWriteModel(), event)).toThrow(/unknown event_type Nope/);
      expect(() =>
        evolve(createWriteModel(), { ...event, event_type: 'PortUpdated', data: { changes: {} } }),
      ).toThrow(/unknown port x/);
    });

    it('should leave the model unchanged for state events', () => {
      const model = replay(lab.events);
      evolve(model, {
        event_type: 'ProvisioningSucceeded',
        aggregate_type: 'gw_interface',
        aggregate_id: idOf('gw_interface'),
        aggregate_version: 1,
        tenant_id: 't',
        data: { action: 'create', config_version: 1, router: null },
      });
      expect(getResource(model, 'gw_interface', idOf('gw_interface'))!.version).toBe(1);
    });
  });
});

describe('Event catalog', () => {
  it('should list Created/Updated/Deleted for every schema and DeleteRequested for provisioned ones', () => {
    for (const schema of resourceSchemas) {
      const kinds = eventCatalog.filter((e) => e.aggregate_type === schema.id).map((e) => e.kind);
      expect(kinds).toEqual(expect.arrayContaining(['created', 'updated', 'deleted']));
    }
    const twoStep = eventCatalog
      .filter((e) => e.kind === 'delete-requested')
      .map((e) => e.aggregate_type)
      .sort();
    expect(twoStep).toEqual([
      'ese_logical_port',
      'gw_interface',
      'port',
      'static_route',
      'vpn_gateway',
      'vpn_interface',
    ]);
    expect(catalogEntry('PortAttached')).toEqual({
      event_type: 'PortAttached',
      aggregate_type: 'port',
      kind: 'attached',
    });
    expect(catalogEntry('GwInterfaceCreated')).toEqual({
      event_type: 'GwInterfaceCreated',
      aggregate_type: 'gw_interface',
      kind: 'created',
    });
    expect(eventCatalog.filter((e) => e.kind === 'state').map((e) => e.event_type)).toEqual([
      'ProvisioningStarted',
      'ProvisioningSucceeded',
      'ProvisioningFailed',
      'OperationalStateObserved',
    ]);
  });

  it('should tell its consumers what each event does to its resource', () => {
    const kinds = [
      'GwInterfaceCreated',
      'GwInterfaceUpdated',
      'PortAttached',
      'GwInterfaceDeleteRequested',
      'GwInterfaceDeleted',
      'ProvisioningSucceeded',
      'OperationalStateObserved',
      'SomethingUnknown',
    ].map(resourceEventKind);
    expect(kinds).toEqual([
      'created',
      'updated',
      'updated',
      'delete_requested',
      'deleted',
      'result',
      'observation',
      undefined,
    ]);
  });

  it('should have unique event types covering every event the flow decides', () => {
    expect(new Set(eventCatalog.map((e) => e.event_type)).size).toBe(eventCatalog.length);
    for (const event of lab.events)
      expect(catalogEntry(event.event_type)?.aggregate_type).toBe(event.aggregate_type);
  });

  it('should keep a decided create event JSON-clean (no undefined anywhere)', () => {
    const events = lab.events.filter((e) => e.event_type.endsWith('Created'));
    for (const e of events) expect(JSON.parse(JSON.stringify(e))).toEqual(e);
    expect(createCmd('x', {}).kind).toBe('create');
  });
});

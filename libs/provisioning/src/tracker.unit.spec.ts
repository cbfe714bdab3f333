import { provisioningFailed, provisioningSucceeded } from '@gohan-es/domain';
import { GW, VPN_GW, VPN_IF, labEvents, labTracker } from './test-support/lab';
import { Tracker, keyOf } from './tracker';

const result = (ok: boolean, type: string, id: string, version: number) =>
  (ok ? provisioningSucceeded : provisioningFailed)({ resource_type: type, id, tenant_id: 't' }, {
    action: 'create',
    config_version: version,
    router: ok ? null : 'MX-2',
    error: 'boom',
  } as never);

describe('Tracker', () => {
  describe('When the events of the seed flow are applied', () => {
    it('should track the provisioned resources only, each with a create pending', () => {
      const tracker = labTracker('static_route');
      const types = tracker.pending().map((i) => `${i.type} ${i.action} v${i.version}`);
      expect(types.filter((t) => !t.startsWith('port') && !t.startsWith('ese_logical_port')).sort()).toEqual([
        'gw_interface create v1',
        'static_route create v1',
        'vpn_gateway create v2', // the vpn_interface rewrote it (connected_vpn_interface)
        'vpn_interface create v1',
      ]);
      expect(types.filter((t) => t.startsWith('port')).length).toBe(2);
      expect(tracker.get('edge_router', '7a35974a-a19f-49e2-b907-ad7fd8692975')).toBeUndefined();
    });

    it("should index a gw_interface's ports and ese_logical_ports as its children", () => {
      const tracker = labTracker('gw_interface');
      const children = tracker
        .childrenOf(keyOf('gw_interface', GW))
        .map((c) => c.type)
        .sort();
      expect(children).toEqual(['ese_logical_port', 'ese_logical_port', 'port', 'port']);
      for (const child of tracker.childrenOf(keyOf('gw_interface', GW)))
        expect(tracker.parentOf(child.type, child.id)).toBe(keyOf('gw_interface', GW));
    });
  });

  describe('When results are applied', () => {
    it('should mark a version applied (with its body) and the next change an update', () => {
      const tracker = labTracker('vpn_interface');
      const gw = tracker.get('vpn_gateway', VPN_GW)!;
      tracker.onResult(result(true, 'vpn_gateway', VPN_GW, 1));
      expect(gw.applied).toMatchObject({ version: 1, body: { connected_vpn_interface: '' } });
      expect(tracker.pendingVersion(gw)).toBe(2);
      expect(tracker.workItem(gw)).toMatchObject({ action: 'update', version: 2 });
      tracker.onResult(result(true, 'vpn_gateway', VPN_GW, 2));
      expect(tracker.pendingVersion(gw)).toBeUndefined();
      expect(gw.versions.size).toBe(0);
    });

    it('should leave a failed version out of the pending work until re-applied or changed', () => {
      const tracker = labTracker('vpn_interface');
      const vif = tracker.get('vpn_interface', VPN_IF)!;
      tracker.onResult(result(false, 'vpn_interface', VPN_IF, 1));
      expect(vif.failed).toEqual({ version: 1, error: 'boom', router: 'MX-2' });
      expect(tracker.pendingVersion(vif)).toBeUndefined();
      expect(tracker.pendingVersion(vif, true)).toBe(1); // a re-apply
      expect(tracker.workItem(vif).action).toBe('create');
      tracker.markApplied(vif, 1);
      expect(vif.failed).toBeUndefined();
    });
  });

  describe('When a resource is deleted', () => {
    it('should make the delete the pending action, then forget the resource on its Deleted event', () => {
      const events = labEvents('gw_interface');
      const tracker = new Tracker();
      for (const e of events) tracker.onEvent(e);
      const gw = tracker.get('gw_interface', GW)!;
      tracker.markApplied(gw, 1);
      tracker.onEvent({
        event_type: 'GwInterfaceDeleteRequested',
        aggregate_type: 'gw_interface',
        aggregate_id: GW,
        aggregate_version: 2,
        tenant_id: gw.tenant_id,
        data: {},
      });
      expect(tracker.workItem(gw)).toMatchObject({ action: 'delete', version: 2 });
      expect(gw.versions.get(2)).toBeNull();
      tracker.onEvent({
        event_type: 'GwInterfaceDeleted',
        aggregate_type: 'gw_interface',
        aggregate_id: GW,
        aggregate_version: 3,
        tenant_id: gw.tenant_id,
        data: {},
      });
      expect(tracker.get('gw_interface', GW)).toBeUndefined();
    });
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigConflictError, desiredConfig, emptyConfig, renderConfigText, writeModelSource } from '.';
import { IDS, ROUTERS, SEED, golden, seedWriteModel, stage } from '../test/seed';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

describe('desiredConfig', () => {
  describe('When every seed resource is provisioned', () => {
    it.each(ROUTERS)('should give the full config of $label (golden)', ({ label, id }) => {
      const text = renderConfigText(desiredConfig(stage('static_route'), id));
      const name = `desired.${label}.txt`;
      if (UPDATE) writeFileSync(join(__dirname, '..', 'test', 'golden', name), text);
      expect(text).toBe(golden(name));
    });

    it('should give nothing for a router outside the pair', () => {
      expect(desiredConfig(stage('static_route'), 'other-router')).toEqual(emptyConfig());
    });
  });

  describe('When a vpn_gateway is excluded', () => {
    it('should leave out everything configured inside it', () => {
      const resources = stage('static_route');
      expect(
        desiredConfig(resources, ROUTERS[0].id, { exclude: [{ type: 'vpn_gateway', id: IDS.vpn_gateway }] }),
      ).toEqual(emptyConfig());
    });
  });

  describe('When two resources disagree on one leaf', () => {
    it('should refuse to compose them', () => {
      const twin = {
        ...SEED.vpn_gateway[0],
        id: 'twin',
        uplink_vlan_id: '122',
        local_as_number: '65101',
        qos_option_id: SEED.qos_option[0].id,
      };
      const clash = { ...SEED.vpn_service[0], id: 'svc2', secondary_downlink_vrrp_config_group: 'OTHER' };
      const resources = stage('vpn_gateway', {
        vpn_gateway: [SEED.vpn_gateway[0], { ...twin, vpn_service_id: 'svc2' }],
        vpn_service: [SEED.vpn_service[0], clash],
      });
      expect(() => desiredConfig(resources, ROUTERS[0].id)).toThrow(ConfigConflictError);
      expect(() => desiredConfig(resources, ROUTERS[0].id)).toThrow(
        '[edit] interfaces interface[ae0] unit[1025] apply-groups: conflicting values [VPNGW2-VRRP] and [OTHER]',
      );
    });
  });

  describe('When the resources come from the write model', () => {
    it('should leave out resources marked for deletion but still resolve them', () => {
      const model = seedWriteModel([`gw_interface/${IDS.gw_interface}`]);
      const source = writeModelSource(model);
      expect(source.list('gw_interface')).toEqual([]);
      expect(source.get('gw_interface', IDS.gw_interface)).toEqual(SEED.gw_interface[0]);
      expect(desiredConfig(source, ROUTERS[0].id)).toEqual(
        desiredConfig(stage('static_route', { gw_interface: [] }), ROUTERS[0].id),
      );
    });
  });
});

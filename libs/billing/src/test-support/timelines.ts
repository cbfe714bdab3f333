// Scripted timelines shared by the billing unit and integration tests (DOMAIN.md §3.3 shapes).
import { eventScript } from '@gohan-es/lifecycle';
import type { EventScript } from '@gohan-es/lifecycle';

export const TENANT = 'b3e3095c0a5b4383805efe9cf2a6b5ef';
export const OTHER_TENANT = '0f2e7c1d6a4b4e1f9c3d2b1a09876543';
export const at = (hhmm: string, day = '16') => `2018-04-${day}T${hhmm}:00.000Z`;

export const GW_BODY = {
  name: 'sample-gw-interface',
  network_id: 'afa0d9d6-84dc-4755-9c6e-db2f23f9dde2',
  service_type: 'vpn',
  vrid: 20,
  gw_vipv4: '172.16.101.151',
  primary_ipv4: '172.16.101.152',
  secondary_ipv4: '172.16.101.153',
  netmask: 24,
  vpn_gw_id: 'b1da850c-3344-4de2-aa18-d96a30b54f69',
};

export const qosBody = (bandwidth: string) => ({
  name: `qos-${bandwidth}`,
  service_type: 'vpn',
  qos_type: 'guarantee',
  bandwidth,
  incoming_policer_name: `in-${bandwidth}`,
  incoming_policer_config: 'if-exceeding { bandwidth-limit 10m; } then discard;',
  outgoing_policer_name: `out-${bandwidth}`,
  outgoing_policer_config: 'if-exceeding { bandwidth-limit 10m; } then discard;',
});

export const vpnGatewayBody = (qos: string) => ({
  name: 'vgw',
  vpn_service_id: '3f3e3a52-5fb1-4d5e-9c41-1b1e2cda6c11',
  qos_option_id: qos,
  uplink_vlan_id: '1000',
  local_as_number: '65000',
});

/** A gw_interface: created 00:00, UP 00:10, DOWN 01:00, UP 01:30, delete 02:10, deleted 02:12. */
export function gwInterfaceTimeline(s: EventScript, id = 'gw-1'): void {
  s.created('gw_interface', id, GW_BODY, at('00:00'));
  s.started('gw_interface', id, 1, 'create', at('00:01'));
  s.succeeded('gw_interface', id, 1, 'create', at('00:02'));
  s.observed('gw_interface', id, 1, 'UP', at('00:10'), { master: 'primary' });
  s.observed('gw_interface', id, 1, 'DOWN', at('01:00'), { master: null });
  s.observed('gw_interface', id, 1, 'UP', at('01:30'), { master: 'secondary' });
  s.deleteRequested('gw_interface', id, 2, at('02:10'));
  s.succeeded('gw_interface', id, 2, 'delete', at('02:11'));
  s.deleted('gw_interface', id, 3, at('02:12'));
}

/** A vpn_gateway on 10 Mbps from 00:00 (ACTIVE 00:06), moved to 100 Mbps at 03:06 (ACTIVE 03:07), deleted 05:09. */
export function vpnGatewayTimeline(s: EventScript, id = 'vg-1'): void {
  s.created('qos_option', 'q10', qosBody('10'), at('00:00'));
  s.created('qos_option', 'q100', qosBody('100'), at('00:00'));
  s.created('vpn_gateway', id, vpnGatewayBody('q10'), at('00:00'));
  s.started('vpn_gateway', id, 1, 'create', at('00:01'));
  s.succeeded('vpn_gateway', id, 1, 'create', at('00:06'));
  s.updated('vpn_gateway', id, 2, { qos_option_id: 'q100' }, at('03:06'));
  s.succeeded('vpn_gateway', id, 2, 'update', at('03:07'));
  s.deleteRequested('vpn_gateway', id, 3, at('05:07'));
  s.succeeded('vpn_gateway', id, 3, 'delete', at('05:08'));
  s.deleted('vpn_gateway', id, 4, at('05:09'));
}

export function script(prefix = 'e', tenant = TENANT): EventScript {
  return eventScript({ tenant_id: tenant, prefix });
}

// ese_logical_port rules: one VLAN once per ESE physical port (409); ELPs of a gw_interface are made
// only with it (400 for a user); the name defaults to `<ese_physical_port.name>.<vlan>` (§3.1).
import { ConflictError } from '../errors';
import type { Decision } from '../model/decision';
import type { ResourceBody } from '../model/events';
import type { TypeRules } from '../model/type-rules';
import { emitCreate } from '../model/type-rules';
import { fieldError } from '../schema/validate';
import type { ResourceSchema } from '../schema/types';

/** 409 when the ESE physical port already carries the VLAN. */
export function assertVlanFreeOnPhysicalPort(d: Decision, esePhysicalPortId: string, vlan: number): void {
  const [clash] = d.lookup('ese_logical_port.by_physical_vlan', esePhysicalPortId, vlan);
  if (clash !== undefined) {
    throw new ConflictError(
      `VLAN ${vlan} of ese_physical_port ${esePhysicalPortId} is already used by ese_logical_port ${clash.id}`,
      {
        field: 'vlan_id',
      },
    );
  }
}

export const eseLogicalPortRules: TypeRules = {
  create(d: Decision, schema: ResourceSchema, body: ResourceBody): void {
    if (body['connected_resource'] === 'gw_interface' || body['gw_interface_id'] !== null) {
      throw fieldError(
        'connected_resource',
        'the ese_logical_ports of a gw_interface are created with the gw_interface',
      );
    }
    (body['port_ids'] as string[]).forEach((id, i) => {
      if (d.find('port', id)?.body['network_id'] !== body['network_id'])
        throw fieldError(
          `port_ids.${i}`,
          `port ${id} is not a port of network ${String(body['network_id'])}`,
        );
    });
    const physical = d.get('ese_physical_port', body['ese_physical_port_id']);
    assertVlanFreeOnPhysicalPort(d, physical.id, body['vlan_id'] as number);
    const name =
      body['name'] === '' ? `${String(physical.body['name'])}.${String(body['vlan_id'])}` : body['name'];
    emitCreate(d, schema, { ...body, name });
  },
};

// ha_interface rules (DOMAIN.md §1.3, §2.1, §10.9): the VLAN pool starts with bits 0, 4095 and the
// restricted VLANs set; the available bandwidths start at the maxima; the two interfaces must be on
// the ha_router's primary and secondary routers; a new maximum moves the available bandwidth by the
// same amount and may not go below what gateways use.
import { ConflictError } from '../errors';
import type { Decision } from '../model/decision';
import type { ResourceBody } from '../model/events';
import type { TypeRules } from '../model/type-rules';
import { emitCreate } from '../model/type-rules';
import type { ResourceRecord } from '../model/write-model';
import { fieldError } from '../schema/validate';
import type { ResourceSchema } from '../schema/types';
import { countFree, encodePool, initialPool, parseVlanRanges } from '../vpn_gateway/vlan-pool';

function assertOnRouters(d: Decision, body: ResourceBody): void {
  const haRouter = d.get('ha_router', body['ha_router_id']);
  const sides = [
    ['primary_interface_id', 'primary_router_id'],
    ['secondary_interface_id', 'secondary_router_id'],
  ] as const;
  for (const [field, routerField] of sides) {
    const iface = d.get('er_physical_interface', body[field]);
    if (iface.body['device_id'] !== haRouter.body[routerField]) {
      throw fieldError(
        field,
        `er_physical_interface ${iface.id} is not on the ${routerField.split('_')[0]} router of ha_router ${haRouter.id}`,
      );
    }
  }
}

function adjustAvailable(record: ResourceRecord, changes: ResourceBody, kind: 'ga' | 'be'): ResourceBody {
  const maxField = `maximum_${kind}_bandwidth`;
  const availableField = `available_${kind}_bandwidth`;
  if (!(maxField in changes)) return changes;
  const used = (record.body[maxField] as number) - (record.body[availableField] as number);
  const maximum = changes[maxField] as number;
  if (maximum < used) {
    throw new ConflictError(
      `${maxField} ${maximum} is below the ${used} used by gateways on ha_interface ${record.id}`,
      { field: maxField },
    );
  }
  return { ...changes, [availableField]: maximum - used };
}

export const haInterfaceRules: TypeRules = {
  create(d: Decision, schema: ResourceSchema, body: ResourceBody): void {
    if (body['primary_interface_id'] === body['secondary_interface_id']) {
      throw new ConflictError('primary_interface_id and secondary_interface_id must differ', {
        field: 'secondary_interface_id',
      });
    }
    assertOnRouters(d, body);
    const pool = initialPool(parseVlanRanges(body['restricted_vlans'] as string, 'restricted_vlans'));
    emitCreate(d, schema, {
      ...body,
      vlan_pool_state: encodePool(pool),
      vlan_ids_available: countFree(pool),
      available_ga_bandwidth: body['maximum_ga_bandwidth'],
      available_be_bandwidth: body['maximum_be_bandwidth'],
      gateway_instances_count: 0,
    });
  },

  update(d: Decision, record: ResourceRecord, changes: ResourceBody): void {
    d.updated(record, adjustAvailable(record, adjustAvailable(record, changes, 'ga'), 'be'));
  },
};

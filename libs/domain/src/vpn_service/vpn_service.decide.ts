// vpn_service rules: uplink_interfaces / downlink_interfaces name ha_interfaces of that link type
// (400), and an interface a gateway of the service uses cannot be taken out of the lists (409).
import { ConflictError } from '../errors';
import type { Decision } from '../model/decision';
import type { ResourceBody } from '../model/events';
import type { TypeRules } from '../model/type-rules';
import { emitCreate } from '../model/type-rules';
import type { ResourceRecord } from '../model/write-model';
import { fieldError } from '../schema/validate';
import type { ResourceSchema } from '../schema/types';

const LISTS = [
  ['uplink_interfaces', 'uplink', 'uplink_interface_id'],
  ['downlink_interfaces', 'downlink', 'downlink_interface_id'],
] as const;

function assertLinkTypes(d: Decision, body: ResourceBody): void {
  for (const [field, linkType] of LISTS) {
    if (!(field in body)) continue;
    (body[field] as string[]).forEach((id, i) => {
      if (d.get('ha_interface', id).body['link_type'] !== linkType) {
        throw fieldError(`${field}.${i}`, `ha_interface ${id} is not a ${linkType} interface`);
      }
    });
  }
}

function assertRemovedUnused(d: Decision, record: ResourceRecord, changes: ResourceBody): void {
  const gateways = d.lookup('vpn_gateway.by_service', record.id);
  for (const [field, , gatewayField] of LISTS) {
    if (!(field in changes)) continue;
    const kept = new Set(changes[field] as string[]);
    const user = gateways.find((g) => !kept.has(g.body[gatewayField] as string));
    if (user !== undefined) {
      throw new ConflictError(
        `${field}: ha_interface ${String(user.body[gatewayField])} is used by vpn_gateway ${user.id}`,
        { field },
      );
    }
  }
}

export const vpnServiceRules: TypeRules = {
  create(d: Decision, schema: ResourceSchema, body: ResourceBody): void {
    assertLinkTypes(d, body);
    emitCreate(d, schema, body);
  },

  update(d: Decision, record: ResourceRecord, changes: ResourceBody): void {
    assertLinkTypes(d, changes);
    assertRemovedUnused(d, record, changes);
    d.updated(record, changes);
  },
};

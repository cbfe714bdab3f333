// Rules of ports created by users (the ports of a gw_interface and the DHCP port are made by their
// parents, see gw_interface/ and subnet/): the reserved device owners are refused (400), addresses
// are allocated (port/fixed-ips.ts) and a missing MAC comes from the command's meta.macs.
import type { Decision } from '../model/decision';
import type { ResourceBody } from '../model/events';
import type { TypeRules } from '../model/type-rules';
import { emitCreate } from '../model/type-rules';
import type { ResourceRecord } from '../model/write-model';
import { fieldError } from '../schema/validate';
import type { ResourceSchema } from '../schema/types';
import { allocateFixedIps } from './fixed-ips';
import type { FixedIp } from './fixed-ips';

export const RESERVED_DEVICE_OWNERS = ['network:gw_interface', 'network:dhcp'] as const;

function assertOwnerNotReserved(body: ResourceBody): void {
  if ((RESERVED_DEVICE_OWNERS as readonly unknown[]).includes(body['device_owner'])) {
    throw fieldError(
      'device_owner',
      `device_owner ${String(body['device_owner'])} is reserved for ports the system creates`,
    );
  }
}

export const portRules: TypeRules = {
  create(d: Decision, schema: ResourceSchema, body: ResourceBody): void {
    assertOwnerNotReserved(body);
    const networkId = body['network_id'] as string;
    emitCreate(d, schema, {
      ...body,
      fixed_ips: allocateFixedIps(d, networkId, body['fixed_ips'] as FixedIp[]),
      mac_address: body['mac_address'] ?? d.newMac(),
    });
  },

  update(d: Decision, record: ResourceRecord, changes: ResourceBody): void {
    assertOwnerNotReserved(changes);
    d.updated(record, changes);
  },
};

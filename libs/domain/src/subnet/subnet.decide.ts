// subnet rules (DOMAIN.md §1.3, §10.11): IPv4 only, a network address, no overlap with another
// subnet of the network (409); gateway / pools / DHCP defaults; the DHCP port (no template:
// SYNC_COMPLETE, operational ""); network.subnets lists the subnet. Deleting the subnet deletes its
// DHCP port and is refused while other ports hold addresses in it.
import { ConflictError } from '../errors';
import type { Decision } from '../model/decision';
import { parentOf, parentRef } from '../model/decision';
import type { ResourceBody } from '../model/events';
import type { TypeRules } from '../model/type-rules';
import { emitCreate } from '../model/type-rules';
import type { ResourceRecord } from '../model/write-model';
import { blocksOverlap, parseCidr } from '../ipv4/ipv4';
import { completeBody, fieldError } from '../schema/validate';
import type { ResourceSchema } from '../schema/types';
import { Orchestration, Status } from '../state/values';
import { blockOf, planSubnet, subnetsOf } from './addressing';

/** The DHCP port's MAC in the source (the same for every subnet). */
export const DHCP_PORT_MAC = '00:00:5e:00:01:00';

function dhcpPortBody(d: Decision, subnet: ResourceBody): ResourceBody {
  return completeBody(d.schema('port'), {
    id: d.newId(),
    tenant_id: subnet['tenant_id']!,
    name: 'dhcp-server-port',
    description: 'DHCP Server Port',
    network_id: subnet['network_id']!,
    fixed_ips: [{ subnet_id: subnet['id']!, ip_address: subnet['dhcp_server_address']! }],
    mac_address: DHCP_PORT_MAC,
    device_id: subnet['id']!,
    device_owner: 'network:dhcp',
    segmentation_type: null,
    segmentation_id: null,
  });
}

export const subnetRules: TypeRules = {
  create(d: Decision, schema: ResourceSchema, body: ResourceBody): void {
    for (const mode of ['ipv6_address_mode', 'ipv6_ra_mode']) {
      if (body[mode] !== null) throw fieldError(mode, `${mode} must be null for an IPv4 subnet`);
    }
    const network = d.get('network', body['network_id']);
    const block = parseCidr(body['cidr'] as string)!;
    const overlapping = subnetsOf(d, network.id).find((s) => blocksOverlap(blockOf(s), block));
    if (overlapping !== undefined) {
      throw new ConflictError(
        `cidr ${String(body['cidr'])} overlaps subnet ${overlapping.id} (${String(overlapping.body['cidr'])}) of network ${network.id}`,
        {
          field: 'cidr',
        },
      );
    }
    const subnet = emitCreate(d, schema, { ...body, ...planSubnet(body) });
    const cause = parentRef('subnet', subnet['id'] as string);
    if (subnet['dhcp_server_address'] !== null) {
      emitCreate(d, d.schema('port'), dhcpPortBody(d, subnet), {
        parent: cause,
        state: {
          status: Status.ACTIVE,
          orchestration_state: Orchestration.SYNC_COMPLETE,
          operational_state: '',
        },
      });
    }
    d.updated(
      network,
      { subnets: [...(network.body['subnets'] as string[]), subnet['id'] as string] },
      cause,
    );
  },

  family(d: Decision, record: ResourceRecord): ResourceRecord[] {
    return d.lookup('port.by_device', 'network:dhcp', record.id);
  },

  onDeleted(d: Decision, record: ResourceRecord): void {
    const network = d.get('network', record.body['network_id']);
    d.updated(
      network,
      { subnets: (network.body['subnets'] as string[]).filter((id) => id !== record.id) },
      parentOf(record),
    );
  },
};

// gw_interface rules (DOMAIN.md §3.1, §10.7, §10.8): validate, then emit the gw_interface and, per
// side, its ese_logical_port and port (ELP first so that the port's ese_logical_port_id never
// points ahead). Updates are name/description only (schema permissions). Its ports and ELPs are
// requested for deletion with it and deleted with it (ports before the ELPs they reference).
import type { Decision } from '../model/decision';
import { parentRef } from '../model/decision';
import type { ResourceBody } from '../model/events';
import type { TypeRules } from '../model/type-rules';
import { emitCreate } from '../model/type-rules';
import type { ResourceRecord } from '../model/write-model';
import { assertVlanFreeOnPhysicalPort } from '../ese_logical_port/ese_logical_port.decide';
import type { ResourceSchema } from '../schema/types';
import { derivedResources } from './derived-resources';
import { validateGwInterface } from './gw_interface.validate';

export const gwInterfaceRules: TypeRules = {
  create(d: Decision, schema: ResourceSchema, body: ResourceBody): void {
    const ctx = validateGwInterface(d, body);
    const sides = derivedResources(d, body, ctx);
    for (const { eseLogicalPort } of sides) {
      assertVlanFreeOnPhysicalPort(
        d,
        eseLogicalPort['ese_physical_port_id'] as string,
        eseLogicalPort['vlan_id'] as number,
      );
    }
    emitCreate(d, schema, body);
    const parent = parentRef('gw_interface', body['id'] as string);
    for (const { port, eseLogicalPort } of sides) {
      emitCreate(d, d.schema('ese_logical_port'), eseLogicalPort, { parent });
      emitCreate(d, d.schema('port'), port, { parent });
    }
  },

  family(d: Decision, record: ResourceRecord): ResourceRecord[] {
    const ports = d.lookup('port.by_device', 'network:gw_interface', record.id);
    const elps = d.lookup('ese_logical_port.by_gw_interface', record.id);
    return [...ports, ...elps];
  },
};

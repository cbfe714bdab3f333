// The 16 resource schemas of the VPN-gateway flow (DOMAIN.md §1.3, §10.1) and lookups by id / plural.
import type { ResourceSchema } from '../schema/types';
import { edgeRouterSchema } from './edge_router';
import { erPhysicalInterfaceSchema } from './er_physical_interface';
import { eseDeviceSchema } from './ese_device';
import { eseLogicalPortSchema } from './ese_logical_port';
import { esePhysicalPortSchema } from './ese_physical_port';
import { gwInterfaceSchema } from './gw_interface';
import { haInterfaceSchema } from './ha_interface';
import { haRouterSchema } from './ha_router';
import { networkSchema } from './network';
import { portSchema } from './port';
import { qosOptionSchema } from './qos_option';
import { staticRouteSchema } from './static_route';
import { subnetSchema } from './subnet';
import { vpnGatewaySchema } from './vpn_gateway';
import { vpnInterfaceSchema } from './vpn_interface';
import { vpnServiceSchema } from './vpn_service';

/** In dependency order: every relation points at a schema listed earlier (FK-safe table creation). */
export const resourceSchemas: readonly ResourceSchema[] = [
  eseDeviceSchema,
  esePhysicalPortSchema,
  edgeRouterSchema,
  erPhysicalInterfaceSchema,
  haRouterSchema,
  haInterfaceSchema,
  vpnServiceSchema,
  qosOptionSchema,
  vpnGatewaySchema,
  vpnInterfaceSchema,
  networkSchema,
  subnetSchema,
  gwInterfaceSchema,
  eseLogicalPortSchema,
  portSchema,
  staticRouteSchema,
];

const byId = new Map(resourceSchemas.map((s) => [s.id, s]));
const byPlural = new Map(resourceSchemas.map((s) => [s.plural, s]));

export function schemaById(id: string): ResourceSchema | undefined {
  return byId.get(id);
}

export function schemaByPlural(plural: string): ResourceSchema | undefined {
  return byPlural.get(plural);
}

export {
  edgeRouterSchema,
  erPhysicalInterfaceSchema,
  eseDeviceSchema,
  eseLogicalPortSchema,
  esePhysicalPortSchema,
  gwInterfaceSchema,
  haInterfaceSchema,
  haRouterSchema,
  networkSchema,
  portSchema,
  qosOptionSchema,
  staticRouteSchema,
  subnetSchema,
  vpnGatewaySchema,
  vpnInterfaceSchema,
  vpnServiceSchema,
};

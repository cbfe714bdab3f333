// static_route: a static route in a gateway's VRF on both routers (DOMAIN.md §1.3, §2.2).
// Provisioned. Only service_type vpn is served (§10.1).
import { C, NO_OPERATIONAL, SERVICE_TYPES, defineSchema, nullableStr, stateProperties, str } from './common';

const otherGateway = (title: string) => nullableStr(title, { permission: C });

export const staticRouteSchema = defineSchema({
  id: 'static_route',
  plural: 'static_routes',
  title: 'Static Route',
  description: 'Static route in a gateway VRF',
  metadata: { provisioned: true, tenant_owned: true },
  properties: {
    destination: str('Destination', { format: 'cidr-or-ipv4', permission: C }),
    nexthop: str('Next Hop', { format: 'ipv4', permission: C }),
    service_type: str('Service Type', { enum: SERVICE_TYPES, permission: C, indexed: true }),
    vpn_gw_id: nullableStr('VPN Gateway', { relation: 'vpn_gateway', permission: C, indexed: true }),
    internet_gw_id: otherGateway('Internet Gateway'),
    aws_gw_id: otherGateway('AWS Gateway'),
    azure_gw_id: otherGateway('Azure Gateway'),
    gcp_gw_id: otherGateway('GCP Gateway'),
    interdc_gw_id: otherGateway('InterDC Gateway'),
    public_ip_id: nullableStr('Public IP'),
    ...stateProperties(NO_OPERATIONAL),
  },
  required: ['destination', 'nexthop', 'service_type'],
});

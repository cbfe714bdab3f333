// gw_interface: the tenant-facing side of a gateway: VRRP VIP + one address per router on the
// gateway's downlink unit, and an iBGP session between the routers (DOMAIN.md §1.3, §3, §4).
// Provisioned and monitored (VRRP). Only name and description may change (§1.3): new IPs or vrid
// mean delete and recreate. At most one gw_interface per gateway (each *_gw_id is unique).
import { ALL_STATE, C, SERVICE_TYPES, defineSchema, int, nullableStr, stateProperties, str } from './common';

const gatewayRef = (title: string, relation?: string) =>
  nullableStr(title, { unique: true, permission: C, ...(relation === undefined ? {} : { relation }) });

const ipv6 = (title: string) => nullableStr(title, { permission: C });

export const gwInterfaceSchema = defineSchema({
  id: 'gw_interface',
  plural: 'gw_interfaces',
  title: 'Gateway Interface',
  description: 'Tenant-facing VRRP interface of a gateway',
  metadata: { provisioned: true, monitored: true, tenant_owned: true },
  properties: {
    network_id: str('Network', { relation: 'network', permission: C, indexed: true }),
    service_type: str('Service Type', { enum: SERVICE_TYPES, permission: C, indexed: true }),
    vrid: int('VRRP Group ID', { minimum: 1, maximum: 255, permission: C }),
    gw_vipv4: str('Gateway VIP (IPv4)', { format: 'ipv4', permission: C }),
    primary_ipv4: str('Primary IPv4', { format: 'ipv4', permission: C }),
    secondary_ipv4: str('Secondary IPv4', { format: 'ipv4', permission: C }),
    netmask: int('Netmask', { minimum: 1, maximum: 32, permission: C }),
    gw_vipv6: ipv6('Gateway VIP (IPv6)'),
    primary_ipv6: ipv6('Primary IPv6'),
    secondary_ipv6: ipv6('Secondary IPv6'),
    vpn_gw_id: gatewayRef('VPN Gateway', 'vpn_gateway'),
    internet_gw_id: gatewayRef('Internet Gateway'),
    aws_gw_id: gatewayRef('AWS Gateway'),
    azure_gw_id: gatewayRef('Azure Gateway'),
    gcp_gw_id: gatewayRef('GCP Gateway'),
    interdc_gw_id: gatewayRef('InterDC Gateway'),
    public_ip_id: nullableStr('Public IP'),
    ...stateProperties(ALL_STATE),
  },
  required: ['network_id', 'vrid', 'service_type', 'primary_ipv4', 'secondary_ipv4', 'gw_vipv4', 'netmask'],
});

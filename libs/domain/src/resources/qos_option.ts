// qos_option: a bandwidth product of a service (DOMAIN.md §1.3). Non-workable (SYNC_COMPLETE).
// Its bandwidth is taken from the downlink ha_interface's GA or BE pool by each vpn_gateway using it.
// ha_router_id is assigned by the system (the ha_router of the service's first downlink interface).
import {
  C,
  CU,
  NO_OPERATIONAL,
  SERVICE_TYPES,
  defineSchema,
  nullableStr,
  stateProperties,
  str,
} from './common';

const otherService = (title: string) => nullableStr(title, { permission: C });

export const qosOptionSchema = defineSchema({
  id: 'qos_option',
  plural: 'qos_options',
  title: 'QoS Option',
  description: 'Bandwidth option of a service with its JUNOS policers',
  metadata: { non_workable: true },
  properties: {
    service_type: str('Service Type', { enum: SERVICE_TYPES, permission: C, indexed: true }),
    qos_type: str('QoS Type', { enum: ['besteffort', 'guarantee'], permission: C }),
    bandwidth: str('Bandwidth', { pattern: '^[0-9]+$', permission: C }),
    incoming_policer_name: str('Incoming Policer Name', { minLength: 1, permission: C }),
    incoming_policer_config: str('Incoming Policer Config', { permission: C }),
    outgoing_policer_name: str('Outgoing Policer Name', { minLength: 1, permission: C }),
    outgoing_policer_config: str('Outgoing Policer Config', { permission: C }),
    vpn_service_id: nullableStr('VPN Service', { relation: 'vpn_service', permission: C, indexed: true }),
    aws_service_id: otherService('AWS Service'),
    azure_service_id: otherService('Azure Service'),
    gcp_service_id: otherService('GCP Service'),
    internet_service_id: otherService('Internet Service'),
    interdc_service_id: otherService('InterDC Service'),
    charge_type: nullableStr('Charge Type', { enum: ['pay-per-time', null], permission: CU }),
    ha_router_id: nullableStr('HA Router', { relation: 'ha_router' }),
    ...stateProperties(NO_OPERATIONAL),
  },
  required: [
    'service_type',
    'qos_type',
    'bandwidth',
    'incoming_policer_name',
    'incoming_policer_config',
    'outgoing_policer_name',
    'outgoing_policer_config',
  ],
});

// qos_option rules: service_type vpn only (DOMAIN.md §10.1), bandwidth a positive number, and the
// system-assigned ha_router_id = the ha_router of the service's first downlink interface (§1.3).
import type { Decision } from '../model/decision';
import type { ResourceBody } from '../model/events';
import type { TypeRules } from '../model/type-rules';
import { emitCreate } from '../model/type-rules';
import { assertVpnServiceType } from '../rules/service-type';
import { fieldError } from '../schema/validate';
import type { ResourceSchema } from '../schema/types';

export const qosOptionRules: TypeRules = {
  create(d: Decision, schema: ResourceSchema, body: ResourceBody): void {
    assertVpnServiceType(body, '_service_id');
    if (Number(body['bandwidth']) <= 0) throw fieldError('bandwidth', 'Must be greater than 0');
    const service = d.get('vpn_service', body['vpn_service_id']);
    const firstDownlink = d.find('ha_interface', (service.body['downlink_interfaces'] as string[])[0]);
    emitCreate(d, schema, {
      ...body,
      ha_router_id: (firstDownlink?.body['ha_router_id'] as string | undefined) ?? null,
    });
  },
};

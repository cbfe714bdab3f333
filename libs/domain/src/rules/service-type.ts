// Only service_type `vpn` is served (DOMAIN.md §10.1): other types are a 400 until they are built;
// with vpn the vpn reference is required and the references of the other services must stay null.
import type { ResourceBody } from '../model/events';
import { fieldError } from '../schema/validate';

const OTHER_SERVICES = ['internet', 'aws', 'azure', 'gcp', 'interdc'] as const;

/**
 * @param suffix `_gw_id` (gw_interface, static_route) or `_service_id` (qos_option)
 */
export function assertVpnServiceType(body: ResourceBody, suffix: '_gw_id' | '_service_id'): void {
  if (body['service_type'] !== 'vpn') {
    throw fieldError(
      'service_type',
      `service_type ${JSON.stringify(body['service_type'])} is not supported yet; only "vpn" is`,
    );
  }
  const vpnField = `vpn${suffix}`;
  if (typeof body[vpnField] !== 'string' || body[vpnField] === '') {
    throw fieldError('(root)', `${vpnField} is required for service_type vpn`);
  }
  for (const other of OTHER_SERVICES) {
    const field = `${other}${suffix}`;
    if (body[field] !== null && body[field] !== undefined)
      throw fieldError(field, `${field} must be null for service_type vpn`);
  }
}

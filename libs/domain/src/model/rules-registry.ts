// Which TypeRules apply to which resource type. Types not listed are plain bookkeeping.
import { eseLogicalPortRules } from '../ese_logical_port/ese_logical_port.decide';
import { gwInterfaceRules } from '../gw_interface/gw_interface.decide';
import { haInterfaceRules } from '../ha_interface/ha_interface.decide';
import { haRouterRules } from '../ha_router/ha_router.decide';
import { portRules } from '../port/port.decide';
import { qosOptionRules } from '../qos_option/qos_option.decide';
import { staticRouteRules } from '../static_route/static_route.decide';
import { subnetRules } from '../subnet/subnet.decide';
import { vpnGatewayRules } from '../vpn_gateway/vpn_gateway.decide';
import { vpnInterfaceRules } from '../vpn_interface/vpn_interface.decide';
import { vpnServiceRules } from '../vpn_service/vpn_service.decide';
import type { TypeRules } from './type-rules';

const RULES: Readonly<Record<string, TypeRules>> = {
  ha_router: haRouterRules,
  ha_interface: haInterfaceRules,
  vpn_service: vpnServiceRules,
  qos_option: qosOptionRules,
  vpn_gateway: vpnGatewayRules,
  vpn_interface: vpnInterfaceRules,
  subnet: subnetRules,
  port: portRules,
  ese_logical_port: eseLogicalPortRules,
  gw_interface: gwInterfaceRules,
  static_route: staticRouteRules,
};

const NONE: TypeRules = {};

export function rulesFor(type: string): TypeRules {
  return RULES[type] ?? NONE;
}

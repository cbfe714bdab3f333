// @gohan-es/junos: pure Junos configuration for the provisioned resources (ARCHITECTURE.md §5).
// Resource graph → router view → per-router config tree → edit-config XML and `[edit ...]` text;
// desired state per router, get-config parsing and diffing for drift and idempotence.
// No I/O, no clock, no randomness. See README.md.
export { CONFIGURATION_SCHEMA, childSchema, interfaceCompare, naturalCompare } from './schema';
export type { ContainerSchema, LeafListSchema, LeafSchema, ListSchema, SchemaNode } from './schema';
export {
  ConfigConflictError,
  configuration,
  container,
  emptyConfig,
  entry,
  hasChildren,
  leaf,
  leafList,
  mapLeaves,
  mergeTrees,
  nodeAt,
  nodeId,
  normalize,
  schemaAt,
  segmentOf,
} from './tree';
export type {
  ConfigNode,
  ConfigPath,
  ConfigTree,
  ContainerNode,
  EntryNode,
  LeafListNode,
  LeafNode,
  MergePolicy,
  PathSegment,
} from './tree';
export { MASK, displaySecret, isJunos9, junos9Decode, junos9Encode, secretClear } from './secret';
export type { SecretDisplay } from './secret';
export {
  ConfigParseError,
  JUNOS_CONF_NAMESPACE,
  configurationXml,
  escapeXml,
  nodeToXml,
  parseConfigXml,
  renderXmlElement,
  treeToXml,
  withSecrets,
} from './xml';
export type { XmlElement, XmlOptions } from './xml';
export { detectDrift, diffConfig, isEmptyDiff, managedScope } from './diff';
export type { ConfigChange, ConfigDiff, DiffOptions } from './diff';
export { NETCONF_BASE_NAMESPACE, diffToEditXml } from './edit';
export type { DeleteOperation, EditXmlOptions } from './edit';
export { editHeader, junosValue, renderConfigText, renderDiffText } from './text';
export type { TextOptions } from './text';
export { GraphResolutionError, RENDERED_TYPES, ROLES, isRenderedType, resolveGraph, roleOf } from './graph';
export type {
  EdgeRouterView,
  GatewayView,
  GroupNames,
  LinkView,
  RenderedType,
  ResourceLookup,
  Role,
  RouterPairView,
  RouterView,
  VpnInterfaceSide,
} from './graph';
export {
  DOWNLINK_UNIT_DESCRIPTION,
  EBGP_GROUP,
  FILTER_PREFIX,
  IBGP_GROUP,
  UPLINK_UNIT_DESCRIPTION,
  VRF_INSTANCE_TYPE,
  VRRP_PRIORITY,
  renderFragment,
  renderGwInterface,
  renderStaticRoute,
  renderVpnGateway,
  renderVpnInterface,
} from './renderers';
export { desiredConfig, resourceSource, withBody, withoutSubtrees, writeModelSource } from './desired';
export type { DesiredOptions, ResourceRef, ResourceSource } from './desired';
export { planRouter, renderChange, resourceChange } from './change';
export type { ChangeAction, ChangeOptions, RenderOptions, RenderedChange, RouterChange } from './change';

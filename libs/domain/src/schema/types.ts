// Gohan-style resource schemas (../shared/conventions/GOHAN_API.md §3): the single source that drives
// validation, routes, read-model tables, Avro event schemas, OpenAPI and the CLI.

export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null';
export type Permission = 'create' | 'update';

export interface PropertySchema {
  type: JsonType | JsonType[];
  title?: string;
  description?: string;
  format?: string; // Gohan formats: ipv4, cidr, cidr-or-ipv4, mac, uuid, hyph-uuid, non-hyph-uuid, hostname, ...
  enum?: readonly (string | number | boolean | null)[];
  default?: unknown;
  /** Who may set it: create-only, updatable, or nobody (server-managed) when absent/empty. */
  permission?: readonly Permission[];
  relation?: string; // schema id of the referenced resource (FK on `id`)
  relation_property?: string;
  on_delete_cascade?: boolean;
  unique?: boolean;
  indexed?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  items?: PropertySchema;
  properties?: Readonly<Record<string, PropertySchema>>;
  required?: readonly string[];
  additionalProperties?: boolean | PropertySchema;
  /** Gohan-ES extension: write-only secret, encrypted in events and read models, never returned. */
  secret?: boolean;
}

export interface ResourceSchemaMetadata {
  state_versioning?: boolean;
  /** Gohan-ES: the provisioner pushes router config for this type (DOMAIN.md §10.1). */
  provisioned?: boolean;
  /** Gohan-ES: the collector observes this type's operational_state. */
  monitored?: boolean;
  substr_search_enabled?: boolean;
  /**
   * Gohan-ES: a type the source ran without a Heat template ("non-workable": ha_router, ha_interface,
   * vpn_service, qos_option). Born complete; where it has orchestration_state that is SYNC_COMPLETE.
   */
  non_workable?: boolean;
  /**
   * Gohan-ES: rows belong to a tenant's own network service (vpn_gateway, network, gw_interface, ...).
   * A relation to such a row must stay inside the referring resource's tenant (else 400
   * `Related resource <schema> ID "<id>" not found`). Inventory and catalogue types are shared.
   */
  tenant_owned?: boolean;
  /**
   * Gohan-ES: rows of this type created as a side effect of another type's create follow that
   * parent's provisioning (port / ese_logical_port of a gw_interface, DOMAIN.md §10.3).
   */
  follows_parent?: string;
}

export interface ResourceSchema {
  id: string;
  singular: string;
  plural: string;
  title: string;
  description: string;
  prefix: string; // '/v2.0'
  parent?: string;
  on_parent_delete_cascade?: boolean;
  metadata: ResourceSchemaMetadata;
  schema: {
    type: 'object';
    properties: Readonly<Record<string, PropertySchema>>;
    required?: readonly string[];
    propertiesOrder?: readonly string[];
    indexes?: Readonly<Record<string, { columns: readonly string[]; type?: 'unique' | '' }>>;
  };
}

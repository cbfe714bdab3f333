// The event catalog as the generator sees it: the domain's catalog, plus the payload fields of the
// state events. The domain declares those as TypeScript types (state/state-events.ts); their Avro
// fields are declared here, and `satisfies` makes the build fail when a type gains or loses a field.
import { eventCatalog } from '@gohan-es/domain';
import type {
  OperationalStateObservedData,
  PropertySchema,
  ProvisioningFailedData,
  ProvisioningStartedData,
  ProvisioningSucceededData,
  StateEventType,
} from '@gohan-es/domain';
import type { CatalogEntry } from './generate';

const action: PropertySchema = { type: 'string', title: 'Action', enum: ['create', 'update', 'delete'] };
const configVersion: PropertySchema = { type: 'integer', title: 'Config version the result belongs to' };
const router: PropertySchema = { type: ['string', 'null'], title: 'Router (null: the pair)' };

const started = { action, config_version: configVersion, router } satisfies Record<
  keyof ProvisioningStartedData,
  PropertySchema
>;
const succeeded = { action, config_version: configVersion, router } satisfies Record<
  keyof ProvisioningSucceededData,
  PropertySchema
>;
const failed = {
  action,
  config_version: configVersion,
  error: { type: 'string', title: 'Error reported by the router' },
  router,
} satisfies Record<keyof ProvisioningFailedData, PropertySchema>;
const observed = {
  operational_state: { type: 'string', title: 'Operational state', enum: ['UP', 'DOWN', 'FAIL'] },
  config_version: configVersion,
  // observed_at, since, master and any further keys: kept as JSON.
  detail: { type: 'object', title: 'Observation detail' },
} satisfies Record<keyof OperationalStateObservedData, PropertySchema>;

export const STATE_EVENT_FIELDS: Readonly<
  Record<StateEventType, { fields: Record<string, PropertySchema>; required: string[] }>
> = {
  ProvisioningStarted: { fields: started, required: ['action', 'config_version'] },
  ProvisioningSucceeded: { fields: succeeded, required: ['action', 'config_version'] },
  ProvisioningFailed: { fields: failed, required: ['action', 'config_version', 'error'] },
  OperationalStateObserved: { fields: observed, required: ['operational_state', 'config_version', 'detail'] },
};

const DESCRIPTIONS: Partial<Record<string, string>> = {
  ProvisioningStarted: 'A router change for one config version of a resource began.',
  ProvisioningSucceeded: 'Both routers committed the change for one config version of a resource.',
  ProvisioningFailed: 'The change for one config version of a resource failed; error holds the router text.',
  OperationalStateObserved: 'The collector saw the operational state of a resource change.',
};

export function domainCatalog(): CatalogEntry[] {
  return eventCatalog.map((entry): CatalogEntry => {
    const description = DESCRIPTIONS[entry.event_type];
    const base: CatalogEntry = { ...entry, ...(description ? { description } : {}) };
    if (entry.kind !== 'state') return base;
    const state = STATE_EVENT_FIELDS[entry.event_type as StateEventType];
    if (!state)
      throw new Error(
        `no Avro fields declared for state event ${entry.event_type} (libs/events/src/avro/catalog.ts)`,
      );
    return { ...base, fields: state.fields, required: state.required };
  });
}

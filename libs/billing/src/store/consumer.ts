// The billing consumer's store (Postgres schema `billing` by default): its facts and offsets
// (@gohan-es/lifecycle) and the usage records derived from them. Each batch re-derives the records
// of the resources it touched from their whole fact set, in the batch's transaction.
import type { Knex } from 'knex';
import {
  FACTS_TABLE,
  applyFactBatch,
  createFactTables,
  lifecycleOf,
  loadFacts,
  migrateWithLock,
  resourceKey,
  tableExists,
} from '@gohan-es/lifecycle';
import type { DeriveInput, FactBatchResult, FactConsumerSpec, PositionedEnvelope } from '@gohan-es/lifecycle';
import { assertSchemaName } from '@gohan-es/lifecycle';
import { bandwidthFromFacts, billingFactOf, billingRefOf, isBillable } from '../rules/billable';
import { usageRecords } from '../rules/usage';
import type { UsageRecord } from '../rules/usage';

export const DEFAULT_BILLING_SCHEMA = 'billing';
export const USAGE_TABLE = 'usage_records';

export async function migrateBilling(db: Knex, dbSchema = DEFAULT_BILLING_SCHEMA): Promise<string[]> {
  const schema = assertSchemaName(dbSchema);
  return migrateWithLock(db, `gohan-billing:migrate:${schema}`, async (trx) => {
    const created = await createFactTables(trx, schema);
    if (!(await tableExists(trx, schema, USAGE_TABLE))) {
      await trx.raw(
        `create table ??.?? (
           record_id text primary key, tenant_id text not null,
           resource_type text not null, resource_id text not null,
           active boolean not null, bandwidth_mbps integer,
           started_at timestamptz not null, ended_at timestamptz, closed_by text)`,
        [schema, USAGE_TABLE],
      );
      await trx.raw('create index ?? on ??.?? (tenant_id, started_at)', [
        `${USAGE_TABLE}_tenant_idx`,
        schema,
        USAGE_TABLE,
      ]);
      await trx.raw('create index ?? on ??.?? (resource_type, resource_id)', [
        `${USAGE_TABLE}_resource_idx`,
        schema,
        USAGE_TABLE,
      ]);
      created.push(USAGE_TABLE);
    }
    return created;
  });
}

export interface BillingDerived {
  /** Usage records written (the touched resources' full sets). */
  records: number;
}

async function derive(trx: Knex.Transaction, schema: string, input: DeriveInput): Promise<BillingDerived> {
  const billable = input.touched.filter((r) => isBillable(r.resource_type));
  if (billable.length === 0) return { records: 0 };
  const steps = new Map(
    billable.map((r) => {
      const key = resourceKey(r.resource_type, r.resource_id);
      return [key, lifecycleOf(input.facts.get(key) ?? [])] as const;
    }),
  );
  const qosIds = new Set<string>();
  for (const list of steps.values())
    for (const step of list)
      if (typeof step.values.qos_option_id === 'string') qosIds.add(step.values.qos_option_id);
  const qosFacts = await loadFacts(
    trx,
    schema,
    [...qosIds].map((id) => ({ resource_type: 'qos_option', resource_id: id })),
  );
  const bandwidthOf = (id: string) => bandwidthFromFacts(qosFacts.get(resourceKey('qos_option', id)) ?? []);
  const records: UsageRecord[] = [...steps.values()].flatMap((list) => usageRecords(list, bandwidthOf));
  for (const type of new Set(billable.map((r) => r.resource_type))) {
    const ids = billable.filter((r) => r.resource_type === type).map((r) => r.resource_id);
    for (let i = 0; i < ids.length; i += 500)
      await trx
        .withSchema(schema)
        .table(USAGE_TABLE)
        .where('resource_type', type)
        .whereIn('resource_id', ids.slice(i, i + 500))
        .delete();
  }
  for (let i = 0; i < records.length; i += 500)
    await trx
      .withSchema(schema)
      .table(USAGE_TABLE)
      .insert(records.slice(i, i + 500));
  return { records: records.length };
}

export const billingSpec: FactConsumerSpec<BillingDerived> = {
  factOf: billingFactOf,
  refOf: billingRefOf,
  derive,
};

/** One consumed batch: facts, re-derived usage records and offsets in one transaction. */
export function applyBillingBatch(
  db: Knex,
  consumer: string,
  events: readonly PositionedEnvelope[],
  options: {
    dbSchema?: string;
    positions?: readonly { topic: string; partition: number; offset: string }[];
  } = {},
): Promise<FactBatchResult<BillingDerived>> {
  return applyFactBatch(db, consumer, billingSpec, events, {
    dbSchema: options.dbSchema ?? DEFAULT_BILLING_SCHEMA,
    ...(options.positions ? { positions: options.positions } : {}),
  });
}

/** The tables a replay must reproduce, with their stable order (for tableDigest / snapshot). */
export const BILLING_TABLES = {
  [USAGE_TABLE]: { orderBy: ['record_id'] },
  [FACTS_TABLE]: { orderBy: ['event_id'] },
} as const;

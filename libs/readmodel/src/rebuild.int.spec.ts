import { resourceSchemas } from '@gohan-es/domain';
import {
  EVENTS,
  PROVISIONING,
  ROUTER_ID,
  STATUS,
  TENANT,
  created,
  event,
  gwLifecycle,
  failed,
  observed,
  seedGwInterface,
  started,
  succeeded,
  updated,
} from '../test/fixtures';
import { dropSchemas, testDb, uniqueSchema } from '../test/pg';
import { checksum } from './checksum';
import { RebuildError } from './errors';
import { migrate } from './migrate';
import { applyBatch } from './projection/apply';
import { classifyByCatalog, createProjectionModel } from './projection/model';
import type { OffsetMap } from './projection/offsets';
import type { PositionedEvent } from './projection/types';
import { rebuild } from './rebuild';
import type { RebuildOptions } from './rebuild';
import { tableSpec } from './schema/columns';

const db = testDb();
const prefix = uniqueSchema('rebuild');
const model = createProjectionModel();
const CONSUMER = 'gohan-projector';
let n = 0;
const nextName = () => `${prefix}_${++n}`;

/** A history in the order things happened; each event is placed on its topic at the next offset. */
function history(): PositionedEvent[] {
  const a = gwLifecycle('gw-a');
  const b = gwLifecycle('gw-b');
  const c = gwLifecycle('gw-c');
  const timeline = [
    a.created,
    b.created,
    a.started,
    b.started,
    a.succeeded,
    failed('gw_interface', 'gw-b', 1, 'commit failed: vrid in use'),
    a.observedUp,
    updated('gw_interface', 'GwInterface', 'gw-a', 2, { name: 'renamed' }),
    started('gw_interface', 'gw-a', 2, 'update'),
    succeeded('gw_interface', 'gw-a', 2, 'update'),
    observed('gw_interface', 'gw-a', 2, 'UP', 'secondary'),
    c.created,
    c.started,
    c.succeeded,
    event('GwInterfaceDeleteRequested', 'gw_interface', 'gw-c', 2, {}),
    started('gw_interface', 'gw-c', 2, 'delete'),
    succeeded('gw_interface', 'gw-c', 2, 'delete'),
    event('GwInterfaceDeleted', 'gw_interface', 'gw-c', 3, {}),
    created('edge_router', 'EdgeRouter', {
      id: ROUTER_ID,
      tenant_id: TENANT,
      ip: '10.79.5.185',
      login: 'esi',
      password: 'enc:v1:x',
      ssh_port: 830,
    }),
    created('gw_interface', 'GwInterface', seedGwInterface({ id: 'gw-d' })),
  ];
  const next: Record<string, number> = {};
  return timeline.map((envelope) => {
    const topic = /^(Provisioning)/.test(envelope.event_type)
      ? PROVISIONING
      : /Observed$/.test(envelope.event_type)
        ? STATUS
        : EVENTS;
    next[topic] = (next[topic] ?? 0) + 1;
    return { topic, partition: 0, offset: String(next[topic]! - 1), envelope };
  });
}

/** A replay source like readAll: topic after topic, from the given positions, in batches of 3. */
function replay(log: PositionedEvent[], onBatch?: () => Promise<void>) {
  return async (from: OffsetMap, apply: (batch: readonly PositionedEvent[]) => Promise<void>) => {
    for (const topic of [EVENTS, PROVISIONING, STATUS]) {
      const events = log.filter(
        (e) => e.topic === topic && BigInt(e.offset) >= BigInt(from[topic]?.[0] ?? '0'),
      );
      for (let i = 0; i < events.length; i += 3) {
        await apply(events.slice(i, i + 3));
        await onBatch?.();
      }
    }
  };
}

async function incremental(dbSchema: string, log: PositionedEvent[]): Promise<void> {
  await migrate(db, { schema: dbSchema });
  for (let i = 0; i < log.length; i += 2)
    await applyBatch(db, CONSUMER, log.slice(i, i + 2), { dbSchema, model });
}

/** How many of the resource tables' secondary indexes exist in a schema. */
async function secondaryIndexes(dbSchema: string): Promise<number> {
  const names = resourceSchemas.flatMap((s) => tableSpec(s).indexes.map((i) => i.name));
  const { rows } = await db.raw(
    'select count(*)::int as n from pg_indexes where schemaname = ? and indexname = any(?)',
    [dbSchema, names],
  );
  return (rows as { n: number }[])[0]!.n;
}

async function schemaNames(): Promise<string[]> {
  const { rows } = await db.raw(
    'select schema_name from information_schema.schemata where schema_name like ? order by 1',
    [`${prefix}%`],
  );
  return (rows as { schema_name: string }[]).map((r) => r.schema_name);
}

afterAll(async () => {
  await dropSchemas(db, prefix);
  await db.destroy();
});

describe('rebuild (real Postgres)', () => {
  it('should replay into a fresh schema, prove it identical to the incremental projection, and swap it in', async () => {
    const live = nextName();
    const log = history();
    await incremental(live, log);
    const before = await checksum(db, live, resourceSchemas);
    expect(before.tables.gw_interfaces!.rows).toBe(3); // gw-c is gone
    const target = nextName();

    const report = await rebuild(db, {
      consumer: CONSUMER,
      read: replay(log),
      liveSchema: live,
      targetSchema: target,
      schemas: resourceSchemas,
      model,
    });

    expect(report).toMatchObject({ target, swapped: true, identical: true, rounds: 1 });
    expect(report.checksum.checksum).toBe(before.checksum);
    expect((await checksum(db, live, resourceSchemas)).checksum).toBe(before.checksum);
    expect(await schemaNames()).toContain(live);
    expect(await schemaNames()).not.toContain(target); // renamed to the live name; the old live schema is dropped
    const [a] = await db.withSchema(live).from('gw_interfaces').where('id', 'gw-a').select('*');
    expect(a).toMatchObject({
      name: 'renamed',
      status: 'ACTIVE',
      orchestration_state: 'UPDATE_COMPLETE',
      state_version: 2,
      config_version: 2,
    });
    expect(await db.withSchema(live).from('projection_parked').count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it('should catch up with a live projector that moves on during the rebuild, then let it continue', async () => {
    const live = nextName();
    const log = history();
    const reference = nextName();
    await incremental(reference, log);
    await incremental(live, log.slice(0, 8));
    let fed = 8;
    // While the rebuild reads, the live projector consumes the rest, two events per rebuild batch.
    const liveMovesOn = async () => {
      if (fed >= log.length) return;
      await applyBatch(db, CONSUMER, log.slice(fed, fed + 2), { dbSchema: live, model });
      fed += 2;
    };
    const report = await rebuild(db, {
      consumer: CONSUMER,
      read: replay(log, liveMovesOn),
      liveSchema: live,
      schemas: resourceSchemas,
      model,
    });
    expect(report.swapped).toBe(true);
    // The live projector goes on in the swapped-in schema: what it already holds is skipped.
    await applyBatch(db, CONSUMER, log, { dbSchema: live, model });
    expect((await checksum(db, live, resourceSchemas)).checksum).toBe(
      (await checksum(db, reference, resourceSchemas)).checksum,
    );
  });

  it('should audit without swapping, and refuse when the live model was altered', async () => {
    const live = nextName();
    const log = history();
    await incremental(live, log);
    const audit = await rebuild(db, {
      consumer: CONSUMER,
      read: replay(log),
      liveSchema: live,
      schemas: resourceSchemas,
      model,
      swap: false,
    });
    expect(audit).toMatchObject({ swapped: false, identical: true });
    expect(await schemaNames()).not.toContain(audit.target); // dropped after the audit

    await db.withSchema(live).table('gw_interfaces').where('id', 'gw-a').update({ status: 'ERROR' });
    const target = nextName();
    await expect(
      rebuild(db, {
        consumer: CONSUMER,
        read: replay(log),
        liveSchema: live,
        targetSchema: target,
        schemas: resourceSchemas,
        model,
        requireIdentical: true,
      }),
    ).rejects.toThrow(RebuildError);
    expect(await schemaNames()).not.toContain(target); // the failed rebuild's schema is dropped
    const [a] = await db.withSchema(live).from('gw_interfaces').where('id', 'gw-a').select('status');
    expect(a.status).toBe('ERROR'); // nothing was swapped
  });

  it('should build the live schema when there is none yet', async () => {
    const live = nextName();
    const report = await rebuild(db, {
      consumer: CONSUMER,
      read: replay(history()),
      liveSchema: live,
      schemas: resourceSchemas,
      model,
    });
    expect(report).toMatchObject({ swapped: true });
    expect(report.identical).toBeUndefined();
    expect(await db.withSchema(live).from('gw_interfaces').count({ n: '*' })).toEqual([{ n: '3' }]);
  });

  it('should give the same rows with one transaction per few events, overlapped with reading, and create the deferred indexes before the swap', async () => {
    const live = nextName();
    const log = history();
    await incremental(live, log);
    const before = await checksum(db, live, resourceSchemas);
    const transactions: number[] = [];
    const counting: RebuildOptions['read'] = (from, apply) =>
      replay(log)(from, async (batch) => {
        transactions.push(batch.length);
        await apply(batch);
      });
    const target = nextName();
    let indexesWhileReading = -1;
    const report = await rebuild(db, {
      consumer: CONSUMER,
      read: async (from, apply) => {
        await counting(from, apply);
        indexesWhileReading = await secondaryIndexes(target);
      },
      liveSchema: live,
      targetSchema: target,
      schemas: resourceSchemas,
      model,
      batchEvents: 4,
    });
    expect(report).toMatchObject({ swapped: true, identical: true, rounds: 1 });
    expect(report.checksum.checksum).toBe(before.checksum);
    expect(transactions.length).toBeGreaterThan(2);
    expect(indexesWhileReading).toBe(0); // replayed without the secondary indexes …
    const expected = resourceSchemas.reduce((n, s) => n + tableSpec(s).indexes.length, 0);
    expect(await secondaryIndexes(live)).toBe(expected); // … which the swapped-in schema has
  });

  it('should keep the indexes from the start with deferIndexes: false', async () => {
    const live = nextName();
    let indexesWhileReading = -1;
    const target = nextName();
    await rebuild(db, {
      consumer: CONSUMER,
      read: async (from, apply) => {
        await replay(history())(from, apply);
        indexesWhileReading = await secondaryIndexes(target);
      },
      liveSchema: live,
      targetSchema: target,
      schemas: resourceSchemas,
      model,
      deferIndexes: false,
    });
    expect(indexesWhileReading).toBe(resourceSchemas.reduce((n, s) => n + tableSpec(s).indexes.length, 0));
  });

  it('should insert new rows with COPY byte for byte, escapes included, and upsert the ones it already wrote', async () => {
    const live = nextName();
    const awkward = 'tab\there, new\nline, cr\r, back\\slash, \\N, quote " \' , unicode ü 🚀';
    const base = history();
    const next = base.filter((e) => e.topic === EVENTS).length;
    const log: PositionedEvent[] = [
      ...base,
      ...[
        created('gw_interface', 'GwInterface', seedGwInterface({ id: 'gw-e', description: awkward })),
        created('gw_interface', 'GwInterface', seedGwInterface({ id: 'gw-f', description: '\\N' })),
        updated('gw_interface', 'GwInterface', 'gw-d', 2, { description: awkward }),
      ].map((envelope, i) => ({ topic: EVENTS, partition: 0, offset: String(next + i), envelope })),
    ];
    await incremental(live, log);
    const before = await checksum(db, live, resourceSchemas);
    // One transaction per few events: gw-d is inserted (COPY) in one and updated (upsert) in a later one.
    const report = await rebuild(db, {
      consumer: CONSUMER,
      read: replay(log),
      liveSchema: live,
      schemas: resourceSchemas,
      model,
      batchEvents: 3,
      requireIdentical: true,
    });
    expect(report).toMatchObject({ swapped: true, identical: true });
    expect(report.checksum.checksum).toBe(before.checksum);
    const rows = await db
      .withSchema(live)
      .from('gw_interfaces')
      .whereIn('id', ['gw-d', 'gw-e', 'gw-f'])
      .orderBy('id')
      .select('id', 'description');
    expect(rows).toEqual([
      { id: 'gw-d', description: awkward },
      { id: 'gw-e', description: awkward },
      { id: 'gw-f', description: '\\N' },
    ]);
  });

  it('should fail, and drop the rebuilt schema, when an accumulated transaction fails', async () => {
    const live = nextName();
    const target = nextName();
    const failing = createProjectionModel({
      classify: (event) => {
        if (event.aggregate_id === 'gw-d') throw new Error('cannot project gw-d');
        return classifyByCatalog(event);
      },
    });
    await expect(
      rebuild(db, {
        consumer: CONSUMER,
        read: replay(history()),
        liveSchema: live,
        targetSchema: target,
        schemas: resourceSchemas,
        model: failing,
        batchEvents: 2,
      }),
    ).rejects.toThrow('cannot project gw-d');
    expect(await schemaNames()).not.toContain(target);
    expect(await schemaNames()).not.toContain(live);
  });
});

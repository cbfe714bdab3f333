import { resourceSchemas } from '@gohan-es/domain';
import {
  EVENTS,
  GW_ID,
  PROVISIONING,
  ROUTER_ID,
  STATUS,
  TENANT,
  created,
  event,
  gwLifecycle,
  on,
  seedGwInterface,
} from '../../test/fixtures';
import { dropSchemas, testDb, uniqueSchema } from '../../test/pg';
import { checksum } from '../checksum';
import { ProjectionTimeoutError } from '../errors';
import { migrate } from '../migrate';
import { asAdmin } from '../query/scope';
import { showResource } from '../query/execute';
import { applyBatch } from './apply';
import { createProjectionModel, defaultProjectionModel } from './model';
import { offsetMap, projectedOffsets, waitForOffset } from './offsets';
import type { PositionedEvent } from './types';

const db = testDb();
const prefix = uniqueSchema('proj');
const model = createProjectionModel();
const gw = resourceSchemas.find((s) => s.id === 'gw_interface')!;
let n = 0;

async function freshSchema(): Promise<string> {
  const dbSchema = `${prefix}_${++n}`;
  await migrate(db, { schema: dbSchema });
  return dbSchema;
}

const apply = (dbSchema: string, events: PositionedEvent[], consumer = 'projector') =>
  applyBatch(db, consumer, events, { dbSchema, model });
const rows = async (dbSchema: string, table: string) =>
  db.withSchema(dbSchema).from(table).orderBy('id').select('*');

afterAll(async () => {
  await dropSchemas(db, prefix);
  await db.destroy();
});

describe('applyBatch (real Postgres)', () => {
  const l = gwLifecycle();
  const lifecycle = [
    ...on(EVENTS, 0, l.created),
    ...on(PROVISIONING, 0, l.started, l.succeeded),
    ...on(STATUS, 0, l.observedUp),
  ];

  it('should project the seed gw_interface to ACTIVE and store the offsets in the same transaction', async () => {
    const s = await freshSchema();
    expect(await apply(s, lifecycle)).toEqual({ fresh: 4, skipped: 0, ignored: 0 });
    expect(await showResource(db, gw, GW_ID, { tenantId: TENANT }, {}, { dbSchema: s })).toEqual(
      seedGwInterface({ status: 'ACTIVE', orchestration_state: 'CREATE_COMPLETE', operational_state: 'UP' }),
    );
    const [row] = await rows(s, 'gw_interfaces');
    expect(row).toMatchObject({
      config_version: 1,
      state_version: 1,
      marked_for_deletion: false,
      status_detail: { master: 'primary' },
    });
    expect(await offsetMap(db, 'projector', { dbSchema: s })).toEqual({
      [EVENTS]: { 0: '1' },
      [PROVISIONING]: { 0: '2' },
      [STATUS]: { 0: '1' },
    });
  });

  it('should give the same rows when the same batch is applied twice (replay is harmless)', async () => {
    const s = await freshSchema();
    await apply(s, lifecycle);
    const once = await checksum(db, s, resourceSchemas);
    expect(await apply(s, lifecycle)).toEqual({ fresh: 0, skipped: 4, ignored: 0 });
    expect(await checksum(db, s, resourceSchemas)).toEqual(once);
    expect(await rows(s, 'gw_interfaces')).toHaveLength(1);
  });

  it('should apply nothing of a batch whose transaction fails', async () => {
    const s = await freshSchema();
    const bad = on(
      EVENTS,
      0,
      created('gw_interface', 'GwInterface', seedGwInterface({ vrid: 'not-a-number' })),
    );
    await expect(
      apply(s, [
        ...on(
          EVENTS,
          0,
          created('edge_router', 'EdgeRouter', {
            id: ROUTER_ID,
            tenant_id: TENANT,
            ip: '10.79.5.185',
            login: 'esi',
          }),
        ),
        ...bad.map((e) => ({ ...e, offset: '1' })),
      ]),
    ).rejects.toThrow();
    expect(await rows(s, 'edge_routers')).toEqual([]);
    expect(await projectedOffsets(db, { dbSchema: s })).toEqual([]);
  });

  it('should hold a state event that overtook its Created in the database, and apply it with the Created', async () => {
    const s = await freshSchema();
    await apply(s, [...on(PROVISIONING, 0, l.started, l.succeeded), ...on(STATUS, 0, l.observedUp)]);
    expect(await db.withSchema(s).from('projection_parked').count({ n: '*' })).toEqual([{ n: '3' }]);
    await apply(s, on(EVENTS, 0, l.created));
    const [row] = await rows(s, 'gw_interfaces');
    expect(row).toMatchObject({
      status: 'ACTIVE',
      orchestration_state: 'CREATE_COMPLETE',
      operational_state: 'UP',
      state_version: 1,
    });
    expect(await db.withSchema(s).from('projection_parked').count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it('should reach the same checksum with one batch per event, topics interleaved otherwise, as with one batch', async () => {
    const a = await freshSchema();
    const b = await freshSchema();
    await apply(a, lifecycle);
    for (const i of [3, 1, 2, 0]) await apply(b, [lifecycle[i]!]); // status, provisioning, then the Created
    expect((await checksum(db, b, resourceSchemas)).checksum).toBe(
      (await checksum(db, a, resourceSchemas)).checksum,
    );
  });

  it('should mark on DeleteRequested and remove the row on Deleted', async () => {
    const s = await freshSchema();
    await apply(s, lifecycle);
    await apply(s, on(EVENTS, 1, event('GwInterfaceDeleteRequested', 'gw_interface', GW_ID, 2, {})));
    expect((await rows(s, 'gw_interfaces'))[0]).toMatchObject({
      status: 'PENDING_DELETE',
      orchestration_state: 'DELETE_IN_PROGRESS',
      marked_for_deletion: true,
      config_version: 2,
    });
    await apply(s, on(EVENTS, 2, event('GwInterfaceDeleted', 'gw_interface', GW_ID, 3, {})));
    expect(await rows(s, 'gw_interfaces')).toEqual([]);
  });

  it('should write a thousand resources of one batch with multi-row statements', async () => {
    const s = await freshSchema();
    const many = Array.from({ length: 1000 }, (_, i) =>
      created(
        'gw_interface',
        'GwInterface',
        seedGwInterface({ id: `gw-${String(i).padStart(4, '0')}`, vrid: (i % 255) + 1 }),
      ),
    );
    const queries: string[] = [];
    const onQuery = (q: { sql: string }) => queries.push(q.sql);
    db.on('query', onQuery);
    await apply(s, on(EVENTS, 0, ...many));
    db.off('query', onQuery);
    expect(await db.withSchema(s).from('gw_interfaces').count({ n: '*' })).toEqual([{ n: '1000' }]);
    expect(queries.filter((q) => q.startsWith('insert into')).length).toBeLessThanOrEqual(3); // 2 chunks of rows + offsets
  });

  it('should never store a secret, not even encrypted', async () => {
    const s = await freshSchema();
    await apply(
      s,
      on(
        EVENTS,
        0,
        created('edge_router', 'EdgeRouter', {
          id: ROUTER_ID,
          tenant_id: TENANT,
          ip: '10.79.5.185',
          login: 'esi',
          password: 'enc:v1:c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0',
        }),
      ),
    );
    const { rows: dump } = await db.raw('select to_jsonb(t)::text as j from ??.edge_routers t', [s]);
    expect(dump).toHaveLength(1);
    expect(dump[0].j).not.toContain('enc:v1');
  });

  it('should work with the model built from @gohan-es/domain', async () => {
    const s = await freshSchema();
    await applyBatch(db, 'projector', on(EVENTS, 0, l.created), {
      dbSchema: s,
      model: defaultProjectionModel(),
    });
    expect(await showResource(db, gw, GW_ID, asAdmin(), { _fields: 'vrid' }, { dbSchema: s })).toEqual({
      vrid: 20,
    });
  });
});

describe('waitForOffset (real Postgres)', () => {
  it('should resolve once the projector has passed the offset, and time out otherwise', async () => {
    const s = await freshSchema();
    const waiting = waitForOffset(db, EVENTS, 0, 5, 10_000, { dbSchema: s });
    await apply(s, on(EVENTS, 5, event('Noise', 'billing_resource', 'x', 1, {})));
    await expect(waiting).resolves.toBeUndefined();
    await expect(waitForOffset(db, EVENTS, 0, 6, 50, { dbSchema: s })).rejects.toBeInstanceOf(
      ProjectionTimeoutError,
    );
  });

  it('should count a trailing transaction marker given as the batch position', async () => {
    const s = await freshSchema();
    await applyBatch(db, 'projector', on(EVENTS, 0, gwLifecycle().created), {
      dbSchema: s,
      model,
      positions: [{ topic: EVENTS, partition: 0, offset: '2' }],
    });
    expect(await offsetMap(db, 'projector', { dbSchema: s })).toEqual({ [EVENTS]: { 0: '2' } });
  });
});

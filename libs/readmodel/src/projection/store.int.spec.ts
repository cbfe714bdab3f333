import { resourceSchemas } from '@gohan-es/domain';
import type { ResourceState } from '@gohan-es/domain';
import { dropSchemas, testDb, uniqueSchema } from '../../test/pg';
import { migrate } from '../migrate';
import { createProjectionModel } from './model';
import { loadParked, loadRows, loadTombstones, writeRows } from './store';
import type { RowState } from './types';

const db = testDb();
const schema = uniqueSchema('store');
const model = createProjectionModel({ schemas: resourceSchemas });
const portSchema = model.schemaFor('port')!;

beforeAll(async () => {
  await migrate(db, { schema });
});

afterAll(async () => {
  await dropSchemas(db, schema);
  await db.destroy();
});

const awkward = 'a "quoted", {braced} \\back\\slash\' NULL ünïcode\ttab\nline';

function row(values: RowState['values'], extra: Partial<RowState> = {}): RowState {
  return {
    values,
    state: { status: 'ACTIVE', note: awkward } as unknown as ResourceState,
    config_version: 3,
    state_version: 2,
    state_error: null,
    marked_for_deletion: false,
    status_detail: null,
    created_at: '2026-01-02T03:04:05.678Z',
    updated_at: '2026-01-02T03:04:06.000Z',
    ...extra,
  };
}

describe('row store (real Postgres)', () => {
  it('should upsert rows through UNNEST arrays and load them back unchanged, whatever the values hold', async () => {
    const first = row({
      id: 'p-1',
      tenant_id: 't',
      name: awkward,
      description: 'NULL',
      'binding:vif_type': 'ovs',
      segmentation_id: 9007199254740991,
      admin_state_up: true,
      fake_delete: false,
      fixed_ips: [{ ip_address: '10.0.0.1', subnet_id: awkward }],
      tags: ['x', '"y"'],
    });
    const second = row(
      { id: 'p-2', tenant_id: 't', name: '', segmentation_id: 0 },
      {
        state_error: awkward,
        marked_for_deletion: true,
        status_detail: { master: awkward },
        created_at: null,
      },
    );
    await db.transaction((trx) =>
      writeRows(
        trx,
        schema,
        model,
        new Map([
          ['port/p-1', first],
          ['port/p-2', second],
        ]),
      ),
    );
    const load = () =>
      db.transaction((trx) =>
        loadRows(trx, schema, model, [], new Map([[portSchema, new Set(['p-1', 'p-2', 'p-3'])]])),
      );
    const loaded = await load();
    expect([...loaded.keys()].sort()).toEqual(['port/p-1', 'port/p-2']);
    expect(loaded.get('port/p-1')).toEqual(first);
    expect(loaded.get('port/p-2')).toEqual(second);

    // ON CONFLICT: an update replaces every column, including ones that become null.
    const renamed = row({ id: 'p-1', tenant_id: 't', name: 'renamed' }, { config_version: 4 });
    await db.transaction((trx) => writeRows(trx, schema, model, new Map([['port/p-1', renamed]])));
    expect((await load()).get('port/p-1')).toEqual(renamed);
  });

  it('should write many rows in several statements and delete removed ones', async () => {
    const many = new Map<string, RowState | null>();
    for (let i = 0; i < 12_000; i++)
      many.set(`port/m-${i}`, row({ id: `m-${i}`, tenant_id: 't', name: `n${i}` }));
    await db.transaction((trx) => writeRows(trx, schema, model, many));
    expect(await db.withSchema(schema).from('ports').where('id', 'like', 'm-%').count({ n: '*' })).toEqual([
      { n: '12000' },
    ]);
    await db.transaction((trx) => writeRows(trx, schema, model, new Map([['port/m-5', null]])));
    const touched = new Map([[portSchema, new Set(['m-5', 'm-6'])]]);
    const loaded = await db.transaction((trx) => loadRows(trx, schema, model, [], touched));
    expect([...loaded.keys()]).toEqual(['port/m-6']);
    // lookups by (type, id) pairs go through unnest arrays too
    await db
      .withSchema(schema)
      .table('projection_tombstones')
      .insert({ resource_type: 'port', resource_id: 'm-5' });
    const [parked, deleted] = await db.transaction(
      async (trx) =>
        [await loadParked(trx, schema, touched), await loadTombstones(trx, schema, touched, loaded)] as const,
    );
    expect(parked.size).toBe(0);
    expect([...deleted]).toEqual(['port/m-5']);
  });
});

import { schemaById } from '@gohan-es/domain';
import { QueryError } from '../errors';
import { parseListQuery, parseShowQuery } from './parse';

const gw = schemaById('gw_interface')!;
const port = schemaById('port')!;
const router = schemaById('edge_router')!;

function error(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(QueryError);
    expect((e as QueryError).status).toBe(400);
    return (e as Error).message;
  }
  throw new Error('expected a QueryError');
}

describe('parseListQuery', () => {
  it('should default to sort by id ascending, unlimited, with details', () => {
    expect(parseListQuery(gw, {})).toEqual({
      filters: [],
      anyOf: false,
      sortKey: 'id',
      sortOrder: 'asc',
      details: true,
    });
  });

  it('should read every parameter', () => {
    const q = parseListQuery(gw, {
      name: 'sample',
      vrid: ['20', '21'],
      search_field: 'name',
      any_of: 'True',
      sort_key: 'vrid',
      sort_order: 'desc',
      limit: '10',
      offset: '5',
      _fields: ['id', 'name', 'nope'],
      _details: 'false',
    });
    expect(q).toEqual({
      filters: [
        { column: 'name', values: ['sample'], substring: true },
        { column: 'vrid', values: [20, 21], substring: false },
      ],
      anyOf: true,
      sortKey: 'vrid',
      sortOrder: 'desc',
      limit: 10,
      offset: 5,
      fields: ['id', 'name'],
      details: false,
    });
  });

  it('should treat limit=0 as unlimited and accept offset alone', () => {
    expect(parseListQuery(gw, { limit: '0', offset: '3' })).toMatchObject({ offset: 3 });
    expect(parseListQuery(gw, { limit: '0' })).not.toHaveProperty('limit');
  });

  it.each([
    [{ foo: 'bar', baz: ['1', '2'] }, 'Unrecognized query parameters: map[baz:[1 2] foo:[bar]]'],
    [{ sort_key: 'bad_key' }, 'Schema gw_interface has no property bad_key which can used as sorting key'],
    [{ sort_order: 'bad_order' }, 'Unknown sort order bad_order'],
    [{ limit: '-1' }, 'strconv.ParseUint: parsing "-1": invalid syntax'],
    [{ limit: 'abc' }, 'strconv.ParseUint: parsing "abc": invalid syntax'],
    [{ offset: '-1' }, 'strconv.ParseUint: parsing "-1": invalid syntax'],
    [
      { offset: '99999999999999999999' },
      'strconv.ParseUint: parsing "99999999999999999999": value out of range',
    ],
    [{ search_field: 'name' }, 'search value for `name` not available in URL'],
    [{ any_of: 'yes' }, 'strconv.ParseBool: parsing "yes": invalid syntax'],
    [{ vrid: 'twenty' }, 'Invalid value "twenty" for integer property vrid of schema gw_interface'],
  ])('should reject %j with Gohan’s message', (raw, message) => {
    expect(error(() => parseListQuery(gw, raw))).toBe(message);
  });

  it('should parse boolean filters like Go’s ParseBool', () => {
    for (const v of ['true', 'True', 'TRUE', 't', 'T', '1'])
      expect(parseListQuery(port, { attached: v }).filters[0]!.values).toEqual([true]);
    for (const v of ['false', 'False', 'FALSE', 'f', 'F', '0'])
      expect(parseListQuery(port, { attached: v }).filters[0]!.values).toEqual([false]);
    expect(error(() => parseListQuery(port, { attached: 'maybe' }))).toBe(
      'strconv.ParseBool: parsing "maybe": invalid syntax',
    );
  });

  it('should refuse filters on object and array properties', () => {
    expect(error(() => parseListQuery(port, { fixed_ips: '[]' }))).toBe(
      'Property fixed_ips of schema port is an object or array and cannot be used as a filter',
    );
  });

  it('should silently drop a filter on a secret property, and refuse it as a sort key', () => {
    expect(parseListQuery(router, { password: 'esi' }).filters).toEqual([]);
    expect(error(() => parseListQuery(router, { sort_key: 'password' }))).toBe(
      'Schema edge_router has no property password which can used as sorting key',
    );
  });

  it('should accept property names with a colon', () => {
    expect(parseListQuery(port, { 'binding:vif_type': 'vrouter' }).filters).toEqual([
      { column: 'binding:vif_type', values: ['vrouter'], substring: false },
    ]);
  });
});

describe('parseShowQuery', () => {
  it('should take _fields and _details only', () => {
    expect(parseShowQuery(gw, { _fields: ['name', 'password'], other: 'x' })).toEqual({
      details: true,
      fields: ['name'],
    });
  });
});

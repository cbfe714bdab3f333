import { networkSchema, portSchema } from '../../test/fixtures';
import { HttpError } from '../errors';
import {
  consistencyTokenOf,
  parseCommandId,
  parseIfMatch,
  parseQueryString,
  prepareListQuery,
  prepareShowQuery,
} from './query';

const all = () => true;
const hideNote = (p: string) => p !== 'internal_note';

describe('prepareListQuery', () => {
  it('should pass Gohan parameters and property filters through, repeats included', () => {
    const raw = parseQueryString('name=a&name=b&sort_key=name&sort_order=desc&limit=2&offset=1&bogus=1');
    expect(prepareListQuery(networkSchema, raw, { visible: all })).toEqual({
      name: ['a', 'b'],
      sort_key: 'name',
      sort_order: 'desc',
      limit: '2',
      offset: '1',
      bogus: '1', // unknown keys are left for the read model, which answers 400
    });
  });
  it('should take the consistency token out', () => {
    expect(prepareListQuery(networkSchema, { consistency_token: 't', name: 'a' }, { visible: all })).toEqual({
      name: 'a',
    });
  });
  it('should silently drop filters and _fields on properties the policy hides', () => {
    const raw = { internal_note: 'x', name: 'a', _fields: ['name', 'internal_note'] };
    expect(prepareListQuery(networkSchema, raw, { visible: hideNote })).toEqual({
      name: 'a',
      _fields: ['name'],
    });
  });
  it('should refuse sorting or searching on a hidden property like an unknown one', () => {
    expect(() =>
      prepareListQuery(networkSchema, { sort_key: 'internal_note' }, { visible: hideNote }),
    ).toThrow('Schema network has no property internal_note which can used as sorting key');
    expect(() =>
      prepareListQuery(
        networkSchema,
        { search_field: 'internal_note', internal_note: 'x' },
        { visible: hideNote },
      ),
    ).toThrow(HttpError);
  });
  it('should filter a nested list by its parent id', () => {
    const parent = { schema: networkSchema, id: 'n1' };
    expect(
      prepareListQuery(portSchema, { network_id: 'other', name: 'p' }, { visible: all, parent }),
    ).toEqual({ network_id: 'n1', name: 'p' });
  });
});

describe('prepareShowQuery', () => {
  it('should keep _fields (visible ones) and _details only', () => {
    expect(
      prepareShowQuery(
        networkSchema,
        { _fields: ['name', 'internal_note'], _details: 'false', other: 'x' },
        hideNote,
      ),
    ).toEqual({
      _fields: ['name'],
      _details: ['false'],
    });
  });
});

describe('request headers', () => {
  it('should read the consistency token from the header first, then the query', () => {
    expect(consistencyTokenOf('gohan.events:0:5', { consistency_token: 'q' })).toBe('gohan.events:0:5');
    expect(consistencyTokenOf(undefined, { consistency_token: 'q' })).toBe('q');
    expect(consistencyTokenOf(undefined, {})).toBeUndefined();
    expect(consistencyTokenOf(' ', {})).toBeUndefined();
  });
  it('should parse If-Match versions', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"4"')).toBe(4);
    expect(parseIfMatch('5')).toBe(5);
    expect(parseIfMatch('*')).toBeUndefined();
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(() => parseIfMatch('"abc"')).toThrow('Invalid If-Match header');
  });
  it('should accept a well-formed X-Command-Id only', () => {
    expect(parseCommandId('retry-1')).toBe('retry-1');
    expect(parseCommandId(undefined)).toBeUndefined();
    expect(() => parseCommandId('has space')).toThrow('Invalid X-Command-Id header');
    expect(() => parseCommandId('x'.repeat(129))).toThrow(HttpError);
  });
});

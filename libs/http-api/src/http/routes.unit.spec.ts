import { networkSchema, portSchema, tagSchema, testSchemas } from '../../test/fixtures';
import { HttpError } from '../errors';
import { collectionUrl, memberUrl, normalizePath, parentProperty, routeTable } from './routes';

describe('routeTable', () => {
  const routes = routeTable(testSchemas);

  describe('When the path is a collection', () => {
    it('should resolve the short form', () => {
      expect(routes.resolve('/v2.0/networks')).toEqual({ kind: 'collection', schema: networkSchema });
    });
    it('should ignore a trailing slash and a .json suffix', () => {
      expect(routes.resolve('/v2.0/networks/')).toEqual({ kind: 'collection', schema: networkSchema });
      expect(routes.resolve('/v2.0/networks.json')).toEqual({ kind: 'collection', schema: networkSchema });
    });
    it('should resolve the nested form with the parent id', () => {
      expect(routes.resolve('/v2.0/networks/n1/ports')).toEqual({
        kind: 'collection',
        schema: portSchema,
        parent: { schema: networkSchema, id: 'n1' },
      });
    });
    it('should chain deeper nesting and name the direct parent', () => {
      expect(routes.resolve('/v2.0/networks/n1/ports/p1/tags')).toEqual({
        kind: 'collection',
        schema: tagSchema,
        parent: { schema: portSchema, id: 'p1' },
      });
    });
  });

  describe('When the path names one resource', () => {
    it('should resolve member, nested member and history', () => {
      expect(routes.resolve('/v2.0/networks/abc')).toEqual({
        kind: 'member',
        schema: networkSchema,
        id: 'abc',
      });
      expect(routes.resolve('/v2.0/networks/abc.json')).toEqual({
        kind: 'member',
        schema: networkSchema,
        id: 'abc',
      });
      expect(routes.resolve('/v2.0/networks/n1/ports/p1/')).toEqual({
        kind: 'member',
        schema: portSchema,
        id: 'p1',
        parent: { schema: networkSchema, id: 'n1' },
      });
      expect(routes.resolve('/v2.0/networks/abc/history')).toEqual({
        kind: 'history',
        schema: networkSchema,
        id: 'abc',
      });
    });
    it('should percent-decode the id', () => {
      expect(routes.resolve('/v2.0/networks/a%20b')).toEqual({
        kind: 'member',
        schema: networkSchema,
        id: 'a b',
      });
    });
    it('should refuse a malformed percent escape with 400', () => {
      expect(() => routes.resolve('/v2.0/networks/%E0%A4%A')).toThrow(HttpError);
    });
  });

  describe('When the path is not a resource URL', () => {
    it('should resolve nothing', () => {
      for (const path of [
        '/',
        '/v2.0',
        '/v2.0/unknowns',
        '/v2.0/networks/a/b/c/d',
        '/v1/networks',
        '/v2.0/networks//x',
        '/v2.0/ports/p1/tags',
      ]) {
        expect(routes.resolve(path)).toBeUndefined();
      }
    });
  });

  it('should resolve the schema discovery endpoints', () => {
    expect(routes.resolve('/gohan/v0.1/schemas')).toEqual({ kind: 'schemas' });
    expect(routes.resolve('/gohan/v0.1/schemas/network')).toEqual({ kind: 'schema', id: 'network' });
    expect(routes.resolve('/gohan/v0.1/schemas/a/b')).toBeUndefined();
  });

  it('should list the short and nested collection URLs', () => {
    expect(routes.urls()).toEqual([
      '/v2.0/networks',
      '/v2.0/ports',
      '/v2.0/networks/:network/ports',
      '/v2.0/tags',
      '/v2.0/networks/:network/ports/:port/tags',
      '/v2.0/devices',
    ]);
  });

  it('should refuse a schema whose parent is unknown', () => {
    expect(() => routeTable([portSchema])).toThrow('unknown parent network');
  });
});

describe('URL helpers', () => {
  it('should build the policy paths and the parent property', () => {
    expect(collectionUrl(networkSchema)).toBe('/v2.0/networks');
    expect(memberUrl(networkSchema, 'x')).toBe('/v2.0/networks/x');
    expect(parentProperty(portSchema)).toBe('network_id');
    expect(parentProperty(networkSchema)).toBeUndefined();
    expect(normalizePath('/')).toBe('/');
    expect(normalizePath('/v2.0/networks.json/')).toBe('/v2.0/networks');
  });
});

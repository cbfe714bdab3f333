import { showOutputsByType } from '../../test/vpn-flow-fixtures';
import { resourceSchemas, schemaById, schemaByPlural } from '.';

describe('Resource schemas', () => {
  describe('When compared with the show outputs of the fixture flow', () => {
    const shows = showOutputsByType();

    it('should cover the 16 resource types of the flow', () => {
      expect([...shows.keys()].sort()).toEqual(resourceSchemas.map((s) => s.id).sort());
      expect(resourceSchemas).toHaveLength(16);
    });

    it.each(resourceSchemas.map((s) => [s.id, s] as const))(
      'should have exactly the show fields of %s',
      (id, schema) => {
        expect(Object.keys(schema.schema.properties).sort()).toEqual(Object.keys(shows.get(id)!).sort());
      },
    );
  });

  describe('When looked up', () => {
    it('should find a schema by id and by plural', () => {
      expect(schemaById('gw_interface')?.plural).toBe('gw_interfaces');
      expect(schemaByPlural('ese_logical_ports')?.id).toBe('ese_logical_port');
      expect(schemaById('nope')).toBeUndefined();
    });
  });

  describe('When checking relations', () => {
    it('should only relate to known schemas listed earlier', () => {
      const seen = new Set<string>();
      for (const schema of resourceSchemas) {
        for (const prop of Object.values(schema.schema.properties)) {
          const targets = [
            prop.relation,
            prop.items?.relation,
            ...Object.values(prop.items?.properties ?? {}).map((p) => p.relation),
          ];
          for (const target of targets.filter((t): t is string => t !== undefined)) {
            expect(seen.has(target) || target === schema.id).toBe(true);
          }
        }
        seen.add(schema.id);
      }
    });

    it('should mark the write-only secrets', () => {
      const secrets = resourceSchemas.flatMap((s) =>
        Object.entries(s.schema.properties)
          .filter(([, p]) => p.secret === true)
          .map(([name]) => `${s.id}.${name}`),
      );
      expect(secrets.sort()).toEqual([
        'edge_router.password',
        'ese_device.password',
        'vpn_interface.bgp_md5',
      ]);
    });

    it('should give server-managed state fields no permission', () => {
      for (const schema of resourceSchemas) {
        for (const f of ['status', 'orchestration_state', 'operational_state']) {
          expect(schema.schema.properties[f]?.permission).toBeUndefined();
        }
      }
    });

    it('should let a gw_interface change only its name and description', () => {
      const updatable = Object.entries(schemaById('gw_interface')!.schema.properties)
        .filter(([, p]) => p.permission?.includes('update'))
        .map(([n]) => n);
      expect(updatable.sort()).toEqual(['description', 'name']);
    });
  });
});

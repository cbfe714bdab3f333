import { ConfigConflictError, configuration, container, desiredConfig, entry, leaf } from '@gohan-es/junos';
import { desiredFor, mergeFragments } from './desired';
import { desiredSource } from './source';
import { KEY, MX1, MX2, labTracker } from './test-support/lab';

describe('desiredFor', () => {
  it("should equal junos desiredConfig on the seed's resources, for both routers", () => {
    const tracker = labTracker('static_route', [
      'vpn_gateway',
      'vpn_interface',
      'gw_interface',
      'static_route',
    ]);
    const { source, exclude } = desiredSource(tracker, new Set(), KEY);
    for (const router of [MX1, MX2])
      expect(desiredFor(source, router, exclude)).toEqual(desiredConfig(source, router, { exclude }));
  });

  it('should merge many fragments under one parent in one pass, refusing conflicting leaves', () => {
    const unit = (n: number, vlan = String(n)) =>
      configuration(
        container('interfaces', entry('interface', 'ae0', entry('unit', String(n), leaf('vlan-id', vlan)))),
      );
    const merged = mergeFragments(Array.from({ length: 2000 }, (_, n) => unit(n)));
    expect(merged.children[0]).toMatchObject({ name: 'interfaces' });
    const ae0 = (merged.children[0] as unknown as { children: { children: unknown[] }[] }).children[0]!;
    expect(ae0.children).toHaveLength(2000);
    expect(() => mergeFragments([unit(1), unit(1, '2')])).toThrow(ConfigConflictError);
  });
});

import { loadSimSettings } from './settings';

describe('loadSimSettings', () => {
  it('should have the SSH fronts answer the Junos operational RPCs by default', () => {
    expect(loadSimSettings({}).junosRpcs).toBe(true);
    expect(loadSimSettings({ ROUTER_JUNOS_RPCS: 'false' }).junosRpcs).toBe(false);
    expect(loadSimSettings({ ROUTER_JUNOS_RPCS: ' true ' }).junosRpcs).toBe(true);
  });

  it('should refuse a ROUTER_JUNOS_RPCS that is not true or false', () => {
    expect(() => loadSimSettings({ ROUTER_JUNOS_RPCS: 'yes' })).toThrow(
      'router-sim: ROUTER_JUNOS_RPCS must be true or false, got "yes"',
    );
  });
});

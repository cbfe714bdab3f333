// The fixture copy under test/fixtures must stay the same data as the shared original
// (../shared/domain/vpn_flow_fixtures.json). CI may not have the original: then only the copy's
// shape is checked. GOHAN_SHARED_FIXTURES overrides the original's location.
import { existsSync, readFileSync } from 'node:fs';
import { vpnFlowSteps } from './vpn-flow-fixtures';

const SHARED = process.env['GOHAN_SHARED_FIXTURES'] ?? '/work/shared/domain/vpn_flow_fixtures.json';

describe('VPN flow fixture copy', () => {
  describe('When compared with the shared original', () => {
    it('should hold the same 20 steps in order', () => {
      expect(vpnFlowSteps.map((s) => s.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      if (existsSync(SHARED)) expect(vpnFlowSteps).toEqual(JSON.parse(readFileSync(SHARED, 'utf8')));
    });
  });
});

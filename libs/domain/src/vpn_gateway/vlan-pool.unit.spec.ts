import { vpnFlowSteps } from '../../test/vpn-flow-fixtures';
import {
  countFree,
  decodeBase64,
  decodePool,
  encodeBase64,
  encodePool,
  initialPool,
  isUsed,
  lowestFree,
  parseVlanRanges,
  setUsed,
} from './vlan-pool';

const downlinkShow = vpnFlowSteps.find((s) => s.resulting_id.startsWith('66bdfe91'))!.resulting_resource[
  'ha_interface'
]!;

describe('VLAN pool', () => {
  describe('When an ha_interface is created with restricted VLANs 0-1024,4094', () => {
    const pool = initialPool(parseVlanRanges('0-1024,4094', 'restricted_vlans'));

    it('should encode exactly the bitmap of the fixture', () => {
      expect(encodePool(pool)).toBe(downlinkShow['vlan_pool_state']);
      expect(countFree(pool)).toBe(3069);
    });

    it('should hand out 1025 as the lowest free VLAN, then count one less', () => {
      expect(lowestFree(pool)).toBe(1025);
      setUsed(pool, 1025, true);
      expect(countFree(pool)).toBe(3068);
      expect(lowestFree(pool)).toBe(1026);
      setUsed(pool, 1025, false);
      expect(countFree(pool)).toBe(3069);
    });
  });

  describe('When an ha_interface has no restricted VLANs', () => {
    it('should still mark bits 0 and 4095 used', () => {
      const pool = initialPool([]);
      expect([isUsed(pool, 0), isUsed(pool, 1), isUsed(pool, 4094), isUsed(pool, 4095)]).toEqual([
        true,
        false,
        false,
        true,
      ]);
      expect(countFree(pool)).toBe(4094);
      expect(lowestFree(pool)).toBe(1);
    });
  });

  describe('When restricted_vlans is malformed', () => {
    it.each(['1-', '10-5', '4096', 'a'])('should refuse %p naming the field', (text) => {
      expect(() => parseVlanRanges(text, 'restricted_vlans')).toThrow(/restricted_vlans: VLAN range/);
    });
  });

  describe('When base64 round-trips', () => {
    it.each([[[]], [[1]], [[1, 2]], [[1, 2, 3]], [[255, 0, 128, 7]]])('should restore %p', (bytes) => {
      const data = Uint8Array.from(bytes);
      expect(encodeBase64(data)).toBe(btoa(String.fromCharCode(...data)));
      expect([...decodeBase64(encodeBase64(data))]).toEqual(bytes);
    });

    it('should refuse a pool of the wrong size', () => {
      expect(() => decodePool('AAAA')).toThrow(/512 bytes/);
    });
  });
});

import type { SimulatorState } from '@gohan-es/router-sim';
import { linkUpDemo } from './seed';
import { INVENTORY, demoLinks } from './topology';

describe('demoLinks', () => {
  it('should bring up the four physical interfaces of the inventory on their simulated routers', () => {
    expect(Object.fromEntries(demoLinks())).toEqual({
      mx2: [
        { name: 'ge-0/0/1', operStatus: 'up' },
        { name: 'ae0', operStatus: 'up' },
      ],
      mx1: [
        { name: 'ae0', operStatus: 'up' },
        { name: 'ge-0/0/1', operStatus: 'up' },
      ],
    });
  });

  it('should refuse an interface on a router that is not a simulator', () => {
    const stray = { ...INVENTORY.find((i) => i.type === 'er_physical_interface')!, key: 'x' };
    expect(() => demoLinks([{ ...stray, body: { ...stray.body, device_id: '@elsewhere' } }])).toThrow(
      'demo: x is on no simulated router',
    );
  });
});

describe('linkUpDemo', () => {
  it('should merge only the physical interfaces into each router’s simulator state, and say so', async () => {
    const set: [string, Partial<SimulatorState>][] = [];
    const printed: string[] = [];
    await linkUpDemo(
      (line) => void printed.push(line),
      async (router, state) => void set.push([router, state]),
    );
    expect(set).toEqual(
      [...demoLinks()].map(([router, physicalInterfaces]) => [router, { physicalInterfaces }]),
    );
    expect(printed).toEqual(['demo links: ge-0/0/1, ae0 up on mx2', 'demo links: ae0, ge-0/0/1 up on mx1']);
  });
});

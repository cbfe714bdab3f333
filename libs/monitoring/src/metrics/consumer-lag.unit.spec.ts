import type { Admin } from 'kafkajs';
import { consumerLag } from './consumer-lag';

/** The two admin calls consumerLag makes, answered from tables. */
function fakeAdmin(
  watermarks: Record<string, { partition: number; low: string; high: string }[]>,
  committed: Record<string, { topic: string; partitions: { partition: number; offset: string }[] }[]>,
): Admin {
  return {
    fetchTopicOffsets: async (topic: string) =>
      (watermarks[topic] ?? []).map((w) => ({ ...w, offset: w.high })),
    fetchOffsets: async ({ groupId }: { groupId: string }) => committed[groupId] ?? [],
  } as unknown as Admin;
}

describe('consumerLag', () => {
  const admin = fakeAdmin(
    {
      events: [
        { partition: 0, low: '0', high: '120' },
        { partition: 1, low: '5', high: '40' },
      ],
      commands: [{ partition: 0, low: '0', high: '10' }],
    },
    {
      decider: [{ topic: 'commands', partitions: [{ partition: 0, offset: '7' }] }],
      idle: [{ topic: 'commands', partitions: [{ partition: 0, offset: '-1' }] }],
    },
  );

  it('should take stored positions of groups that keep them with their rows, the log start when none', async () => {
    const figures = await consumerLag(admin, [
      { group: 'billing', topics: ['events'], stored: async () => ({ events: { 0: '100' } }) },
    ]);
    expect(figures).toEqual([
      { group: 'billing', topic: 'events', partition: 0, lag: 20 },
      { group: 'billing', topic: 'events', partition: 1, lag: 35 },
    ]);
  });

  it("should read Kafka's committed offsets for the other groups, skipping partitions never committed", async () => {
    expect(await consumerLag(admin, [{ group: 'decider' }, { group: 'idle' }, { group: 'unknown' }])).toEqual(
      [{ group: 'decider', topic: 'commands', partition: 0, lag: 3 }],
    );
  });

  it('should never report a negative lag', async () => {
    const figures = await consumerLag(admin, [
      { group: 'ahead', topics: ['commands'], stored: async () => ({ commands: { 0: '12' } }) },
    ]);
    expect(figures).toEqual([{ group: 'ahead', topic: 'commands', partition: 0, lag: 0 }]);
  });
});

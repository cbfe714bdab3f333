import { loadConfig } from '@gohan-es/config';
import type { Admin } from 'kafkajs';
import { topicSpecs, untilOffsetsAnswer } from './topics';

const config = loadConfig({}).kafka;
const settings = (topic: string, options = {}) => {
  const spec = topicSpecs(config, options).find((s) => s.topic === topic)!;
  return {
    partitions: spec.numPartitions,
    ...Object.fromEntries((spec.configEntries ?? []).map((e) => [e.name, e.value])),
  };
};

describe('topic specs', () => {
  it('should define the five configured topics', () => {
    expect(topicSpecs(config).map((s) => s.topic)).toEqual([
      'gohan.commands',
      'gohan.outcomes',
      'gohan.events',
      'gohan.provisioning',
      'gohan.status',
    ]);
  });

  it('should give commands exactly one partition (single decider)', () => {
    expect(settings('gohan.commands', { eventPartitions: 6 })).toMatchObject({
      partitions: 1,
      'cleanup.policy': 'delete',
    });
  });

  it('should keep events, provisioning and status forever', () => {
    for (const topic of ['gohan.events', 'gohan.provisioning', 'gohan.status']) {
      expect(settings(topic)).toMatchObject({
        partitions: 1,
        'cleanup.policy': 'delete',
        'retention.ms': '-1',
        'retention.bytes': '-1',
      });
    }
  });

  it('should make event partitions configurable', () => {
    expect(settings('gohan.events', { eventPartitions: 3 }).partitions).toBe(3);
  });

  it('should expire outcomes after a day by default', () => {
    expect(settings('gohan.outcomes')).toMatchObject({ 'retention.ms': String(86_400_000) });
  });
});

describe('untilOffsetsAnswer', () => {
  /** An admin whose ListOffsets fails with `errors`, in order, before answering. */
  const adminFailing = (errors: Error[]) => {
    const asked: string[] = [];
    const admin = {
      fetchTopicOffsets: async (topic: string) => {
        asked.push(topic);
        const error = errors.shift();
        if (error) throw error;
        return [{ partition: 0, offset: '0', high: '0', low: '0' }];
      },
    } as unknown as Admin;
    return { admin, asked };
  };
  const notLeader = () =>
    Object.assign(new Error('This server is not the leader for that topic-partition'), { retriable: true });

  it('should retry while partitions have no leader on this broker yet', async () => {
    const { admin, asked } = adminFailing([notLeader(), notLeader()]);
    await untilOffsetsAnswer(admin, ['a', 'b'], 5000);
    expect(asked).toEqual(['a', 'a', 'a', 'b']);
  });

  it('should throw a non-retriable error at once', async () => {
    const { admin, asked } = adminFailing([new Error('topic authorization failed')]);
    await expect(untilOffsetsAnswer(admin, ['a'], 5000)).rejects.toThrow('topic authorization failed');
    expect(asked).toEqual(['a']);
  });

  it('should give up with the last error after the deadline', async () => {
    const { admin } = adminFailing(Array.from({ length: 100 }, notLeader));
    await expect(untilOffsetsAnswer(admin, ['a'], 200)).rejects.toThrow(/not the leader/);
  });
});

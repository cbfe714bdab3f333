import { loadConfig } from '@gohan-es/config';
import { topicSpecs } from './topics';

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

import {
  encodeConsistencyToken,
  parseConsistencyToken,
  tokenSatisfied,
  ConsistencyTokenError,
} from './consistency-token';

describe('consistency token', () => {
  it('should keep the highest offset per topic-partition, sorted', () => {
    const token = encodeConsistencyToken([
      { topic: 'gohan.events', partition: 1, offset: '7' },
      { topic: 'gohan.events', partition: 0, offset: '12' },
      { topic: 'gohan.events', partition: 0, offset: '9' },
    ]);
    expect(token).toBe('gohan.events:0:12,gohan.events:1:7');
    expect(parseConsistencyToken(token)).toEqual([
      { topic: 'gohan.events', partition: 0, offset: '12' },
      { topic: 'gohan.events', partition: 1, offset: '7' },
    ]);
  });

  it('should compare 64-bit offsets numerically, not as text', () => {
    expect(
      encodeConsistencyToken([
        { topic: 't', partition: 0, offset: '9' },
        { topic: 't', partition: 0, offset: '10' },
      ]),
    ).toBe('t:0:10');
    expect(parseConsistencyToken('t:0:9223372036854775806')[0]!.offset).toBe('9223372036854775806');
  });

  it('should treat the empty token as no events, and refuse garbage', () => {
    expect(parseConsistencyToken('')).toEqual([]);
    expect(() => parseConsistencyToken('events:0')).toThrow(ConsistencyTokenError);
    expect(() => parseConsistencyToken('a b:0:1')).toThrow(ConsistencyTokenError);
  });

  it('should be satisfied once the reader is past every offset (next offset > last event offset)', () => {
    const positions = new Map([['t:0', '13']]);
    const consumed = (topic: string, partition: number) => positions.get(`${topic}:${partition}`);
    expect(tokenSatisfied('t:0:12', consumed)).toBe(true);
    expect(tokenSatisfied('t:0:13', consumed)).toBe(false);
    expect(tokenSatisfied('t:0:1,t:1:1', consumed)).toBe(false);
    expect(tokenSatisfied('', consumed)).toBe(true);
  });
});

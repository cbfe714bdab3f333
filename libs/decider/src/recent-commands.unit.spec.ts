import { RecentCommands, tokenOf } from './recent-commands';

describe('RecentCommands', () => {
  it('should forget the oldest entries beyond its capacity', () => {
    const recent = new RecentCommands(2);
    for (const id of ['a', 'b', 'c'])
      recent.remember(id, { status: 'rejected', http_status: 409, events: [], positions: [] });
    expect(recent.has('a')).toBe(false);
    expect(recent.has('b') && recent.has('c')).toBe(true);
    expect(recent.size).toBe(2);
  });

  it('should gather the events of one command read back from the log into one accepted decision', () => {
    const recent = new RecentCommands();
    recent.rememberEvent(
      'c1',
      { aggregate_type: 'gw_interface', aggregate_id: 'g', aggregate_version: 1 },
      { topic: 'ev', partition: 0, offset: '3' },
    );
    recent.rememberEvent(
      'c1',
      { aggregate_type: 'port', aggregate_id: 'p', aggregate_version: 1 },
      { topic: 'ev', partition: 0, offset: '4' },
    );
    const decision = recent.get('c1')!;
    expect(decision.status).toBe('accepted');
    expect(decision.http_status).toBeUndefined();
    expect(decision.events.map((e) => e.aggregate_id)).toEqual(['g', 'p']);
    expect(tokenOf(decision)).toBe('ev:0:4');
  });

  it('should refuse a capacity below one', () => {
    expect(() => new RecentCommands(0)).toThrow(RangeError);
  });
});

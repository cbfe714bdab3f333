import { ownedKeys } from './owned';

describe('ownedKeys', () => {
  it('should say "maybe" only for keys it noted', () => {
    const owned = ownedKeys();
    expect(owned.mayHave('port/p-1')).toBe(false);
    owned.note('port/p-1');
    expect(owned.mayHave('port/p-1')).toBe(true);
    expect(owned.mayHave('port/p-2')).toBe(false);
  });

  it('should say "maybe" to every key once past its limit (back to plain lookups)', () => {
    const owned = ownedKeys(2);
    owned.note('a/1');
    owned.note('a/2');
    expect(owned.mayHave('a/3')).toBe(false);
    owned.note('a/3');
    expect(owned.mayHave('a/4')).toBe(true);
    owned.note('a/5');
    expect(owned.mayHave('never/noted')).toBe(true);
  });
});

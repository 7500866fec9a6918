import { AppliedFacts } from './applied-facts.js';

describe('AppliedFacts', () => {
  describe('given the facts an attempt applied before it failed', () => {
    it('knows them until their batch goes through', () => {
      const applied = new AppliedFacts();
      applied.remember(['f1', 'f2']);
      expect([applied.has('f1'), applied.has('f2'), applied.has('f3')]).toEqual([true, true, false]);

      applied.settled(['f1', 'f2', 'f3']);

      expect([applied.has('f1'), applied.has('f2'), applied.size]).toEqual([false, false, 0]);
    });
  });

  describe('given more facts than it keeps', () => {
    it('forgets the oldest first', () => {
      const applied = new AppliedFacts(3);
      applied.remember(['f1', 'f2', 'f3']);

      applied.remember(['f4', 'f5']);

      expect(['f1', 'f2', 'f3', 'f4', 'f5'].filter((id) => applied.has(id))).toEqual(['f3', 'f4', 'f5']);
      expect(applied.size).toBe(3);
    });

    it('counts a fact remembered again as new', () => {
      const applied = new AppliedFacts(2);
      applied.remember(['f1', 'f2']);

      applied.remember(['f1', 'f3']);

      expect(['f1', 'f2', 'f3'].filter((id) => applied.has(id))).toEqual(['f1', 'f3']);
    });
  });

  it('refuses a capacity below one', () => {
    expect(() => new AppliedFacts(0)).toThrow(/capacity must be ≥ 1, not 0/);
  });
});

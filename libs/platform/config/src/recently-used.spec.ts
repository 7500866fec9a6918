import fc from 'fast-check';
import { RecentlyUsed } from './recently-used.js';

describe('RecentlyUsed', () => {
  it('drops the least recently used entry once over capacity, a read counting as a use', () => {
    const cache = new RecentlyUsed<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
    expect(cache.size).toBe(2);
  });

  it('keeps exactly what a list of the most recent keys would keep, whatever the sequence of reads and writes', () => {
    const op = fc.tuple(fc.constantFrom('get', 'set', 'delete'), fc.integer({ min: 0, max: 9 }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 60 }), (capacity, ops) => {
        const cache = new RecentlyUsed<number, string>(capacity);
        let model: [number, string][] = []; // most recent last
        ops.forEach(([kind, key], i) => {
          const known = model.find(([k]) => k === key);
          if (kind === 'get') {
            expect(cache.get(key)).toBe(known?.[1]);
            if (known) model = [...model.filter(([k]) => k !== key), known];
          } else if (kind === 'set') {
            model = [...model.filter(([k]) => k !== key), [key, `v${i}`] as [number, string]].slice(-capacity);
            cache.set(key, `v${i}`);
          } else {
            model = model.filter(([k]) => k !== key);
            cache.delete(key);
          }
        });
        expect(cache.size).toBe(model.length);
        for (const [k, v] of model) expect(cache.get(k)).toBe(v);
      }),
    );
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RecentlyUsed(0)).toThrow(/positive integer/);
  });
});

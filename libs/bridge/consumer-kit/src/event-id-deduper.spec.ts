import { EventIdDeduper } from './event-id-deduper.js';

describe('Event id dedupe', () => {
  it('knows the ids it was told about', () => {
    const d = new EventIdDeduper(10);
    d.remember('a');
    expect(d.has('a')).toBe(true);
    expect(d.has('b')).toBe(false);
  });

  it('forgets the oldest id beyond its capacity', () => {
    const d = new EventIdDeduper(2);
    for (const id of ['a', 'b', 'c']) d.remember(id);
    expect([d.has('a'), d.has('b'), d.has('c'), d.size]).toEqual([false, true, true, 2]);
  });
});

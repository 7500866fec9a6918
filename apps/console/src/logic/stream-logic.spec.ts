import { Coalescer } from './coalesce.js';
import { SseParser } from './sse-parser.js';

describe('SseParser: the twin stream read with fetch', () => {
  it('returns events once complete, across chunk boundaries, skipping comments', () => {
    const parser = new SseParser();
    expect(parser.push('retry: 3000\n: connected\n\nid: A:1\nevent: twin-ch')).toEqual([]);
    expect(
      parser.push(
        'anged\ndata: {"a":1}\n\nid: B:2\r\nevent: twin-changed\r\ndata: x\r\ndata: y\r\n\r\n: heartbeat\n\n',
      ),
    ).toEqual([
      { event: 'twin-changed', data: '{"a":1}', id: 'A:1' },
      { event: 'twin-changed', data: 'x\ny', id: 'B:2' },
    ]);
  });
});

describe('Coalescer: the newest change per charger until the next flush', () => {
  it('keeps one entry per key, the highest version, and empties on flush', () => {
    const c = new Coalescer<{ v: number }>((x) => x.v);
    for (let v = 1; v <= 1000; v++) c.add(`C${v % 10}`, { v });
    c.add('C1', { v: 3 }); // late and older: ignored
    expect(c.size).toBe(10);
    const batch = c.flush();
    expect(batch.get('C1')).toEqual({ v: 991 });
    expect(batch.get('C0')).toEqual({ v: 1000 });
    expect(c.size).toBe(0);
  });
});

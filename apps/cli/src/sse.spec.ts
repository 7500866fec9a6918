import { SseReader } from './sse.js';

describe('Server-sent events reading', () => {
  it('gives the events whole, however the chunks split them, skipping comments and retry', () => {
    const stream =
      'retry: 3000\n: connected\n\nid: CP-1:2\nevent: twin-changed\ndata: {"a":1}\n\n: heartbeat\n\r\ndata: x\r\ndata: y\r\n\r\n';
    const reader = new SseReader();
    const events = [...stream].flatMap((ch) => reader.feed(ch));
    expect(events).toEqual([
      { event: 'twin-changed', data: '{"a":1}', id: 'CP-1:2' },
      { event: 'message', data: 'x\ny' },
    ]);
  });

  it('keeps an unfinished event until its blank line arrives', () => {
    const reader = new SseReader();
    expect(reader.feed('event: twin-changed\ndata: {')).toEqual([]);
    expect(reader.feed('}\n\n')).toEqual([{ event: 'twin-changed', data: '{}' }]);
  });
});

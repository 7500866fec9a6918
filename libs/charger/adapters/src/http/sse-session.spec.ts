import type { TwinChange } from '@chargeplane/contracts-api';
import { SseSession, type SseSink } from './sse-session.js';

const sink = (): SseSink & { chunks: string[]; ended: boolean; writableLength: number } => {
  const s = {
    chunks: [] as string[],
    ended: false,
    writableLength: 0,
    write(chunk: string) {
      s.chunks.push(chunk);
      return true;
    },
    end() {
      s.ended = true;
    },
  };
  return s;
};
const change = (chargerId: string, version: number) =>
  ({ tenantId: 't', chargerId, version, twin: { chargerId, version } }) as unknown as TwinChange;

describe('Twin change stream (server-sent events)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('frames each change with id `${chargerId}:${version}` and the change as data', () => {
    const out = sink();
    const session = new SseSession(out, { heartbeatMs: 15_000, maxBufferedBytes: 1000 });
    session.start();
    session.send(change('Z-1', 7));
    expect(out.chunks).toEqual([
      'retry: 3000\n: connected\n\n',
      `id: Z-1:7\nevent: twin-changed\ndata: ${JSON.stringify(change('Z-1', 7))}\n\n`,
    ]);
  });

  it('sends a heartbeat comment every 15 s, and none after the client left', () => {
    const out = sink();
    const session = new SseSession(out, { heartbeatMs: 15_000, maxBufferedBytes: 1000 });
    session.start();
    vi.advanceTimersByTime(45_000);
    expect(out.chunks.filter((c) => c === ': heartbeat\n\n')).toHaveLength(3);
    session.close();
    vi.advanceTimersByTime(45_000);
    expect(out.chunks.filter((c) => c === ': heartbeat\n\n')).toHaveLength(3);
    expect(out.ended).toBe(true);
  });

  it('holds changes that arrive before the headers and sends them, in order, right after', () => {
    const out = sink();
    const session = new SseSession(out, { heartbeatMs: 15_000, maxBufferedBytes: 1000 });
    session.send(change('Z-1', 1));
    session.send(change('Z-1', 2));
    expect(out.chunks).toEqual([]);
    session.start();
    expect(out.chunks.map((c) => c.split('\n')[0])).toEqual(['retry: 3000', 'id: Z-1:1', 'id: Z-1:2']);
  });

  it('cuts off a client that does not keep up instead of buffering without bound', () => {
    const out = sink();
    const session = new SseSession(out, { heartbeatMs: 15_000, maxBufferedBytes: 1000 });
    session.start();
    out.writableLength = 5000;
    session.send(change('Z-1', 3));
    expect(session.isClosed).toBe(true);
    expect(out.ended).toBe(true);
  });
});

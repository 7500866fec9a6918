import { TwinChange } from '@chargeplane/contracts-api';
import { Coalescer } from '../logic/coalesce.js';
import { SseParser } from '../logic/sse-parser.js';

/** A change as it arrived: its JSON is parsed only if a page shows that charger. */
export interface RawChange {
  chargerId: string;
  version: number;
  data: string;
}

export const parseChange = (raw: RawChange): TwinChange => TwinChange.parse(JSON.parse(raw.data));

/** `id: <chargerId>:<version>` of the stream's events (the charger id may itself hold colons). */
function keyOf(id: string | null): { chargerId: string; version: number } | null {
  if (!id) return null;
  const at = id.lastIndexOf(':');
  const version = Number(id.slice(at + 1));
  return at > 0 && Number.isInteger(version) ? { chargerId: id.slice(0, at), version } : null;
}

export interface StreamOptions {
  key: string;
  chargerId?: string;
  /** Gets the newest change per charger, at most once per `flushMs`. */
  onBatch: (changes: Map<string, RawChange>) => void;
  onStatus?: (status: 'live' | 'reconnecting') => void;
  flushMs?: number;
}

/**
 * Follows `GET /v1/chargers/stream` (server-sent events, read with fetch to send the key) until stopped; changes
 * are coalesced per charger and handed over in batches, so a push to 10,000 chargers costs one update per batch.
 */
export function followTwinStream(options: StreamOptions): () => void {
  const abort = new AbortController();
  const coalescer = new Coalescer<RawChange>((c) => c.version);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    if (coalescer.size) options.onBatch(coalescer.flush());
  };
  const run = async () => {
    while (!abort.signal.aborted) {
      try {
        const query = options.chargerId ? `?chargerId=${encodeURIComponent(options.chargerId)}` : '';
        const res = await fetch(`/v1/chargers/stream${query}`, {
          headers: { authorization: `Bearer ${options.key}`, accept: 'text/event-stream' },
          signal: abort.signal,
        });
        if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
        options.onStatus?.('live');
        const parser = new SseParser();
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const event of parser.push(value)) {
            const key = keyOf(event.id);
            if (event.event !== 'twin-changed' || !key) continue;
            coalescer.add(key.chargerId, { ...key, data: event.data });
          }
          timer ??= setTimeout(flush, options.flushMs ?? 250);
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      options.onStatus?.('reconnecting');
      await new Promise((r) => setTimeout(r, 3000));
    }
  };
  void run();
  return () => {
    abort.abort();
    if (timer) clearTimeout(timer);
  };
}

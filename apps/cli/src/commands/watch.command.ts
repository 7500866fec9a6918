import { ChargerId, Twin, TwinChange } from '@chargeplane/contracts-api';
import { ApiClient, apiTarget, CliError } from '../api-client.js';
import { UsageError, type ParsedCommand } from '../cli-args.js';
import { say, type CliIo } from '../io.js';
import { SseReader } from '../sse.js';
import { describeChange } from '../twin-lines.js';

/** The server asks for 3 s between reconnections (`retry: 3000`). */
const RECONNECT_MS = 3000;

/** `watch charger ID` or `watch fleet`: the stream's path, or a UsageError. */
export function watchTarget(positionals: readonly string[]): { chargerId: string | null; path: string } {
  const [what, id] = positionals;
  if (what === 'fleet' && id === undefined) return { chargerId: null, path: '/v1/chargers/stream' };
  if (what === 'charger' && id !== undefined) {
    const parsed = ChargerId.safeParse(id);
    if (!parsed.success) throw new UsageError(`"${id}" is not a charger id: ${parsed.error.issues[0]!.message}`);
    return { chargerId: id, path: `/v1/chargers/stream?chargerId=${encodeURIComponent(id)}` };
  }
  throw new UsageError('usage: chargeplane watch charger ID | watch fleet');
}

/**
 * Follows /v1/chargers/stream and prints one line per change (what changed since the twin before), or the
 * change as JSON with --json. The stream has no replay: after a drop it reconnects and goes on from the current
 * twins. Ends on Ctrl-C.
 */
export async function watchCommand(cmd: ParsedCommand, io: CliIo): Promise<number> {
  const target = watchTarget(cmd.positionals);
  const api = new ApiClient(apiTarget(cmd.flags, io.env));
  const known = new Map<string, Twin>();
  if (target.chargerId !== null) {
    const twin = await api.call('GET', `/v1/chargers/${encodeURIComponent(target.chargerId)}`, Twin);
    known.set(twin.chargerId, twin);
    if (!cmd.flags['json'])
      say(io.stdout, describeChange(undefined, { chargerId: twin.chargerId, version: twin.version, twin }));
  }
  say(io.stderr, `following ${target.chargerId ?? 'the fleet'} (Ctrl-C to stop)`);
  while (!io.signal.aborted) {
    try {
      const res = await api.stream(target.path, io.signal);
      const reader = new SseReader();
      const decoder = new TextDecoder();
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        for (const event of reader.feed(decoder.decode(chunk, { stream: true }))) {
          if (event.event !== 'twin-changed') continue;
          const change = TwinChange.parse(JSON.parse(event.data));
          say(
            io.stdout,
            cmd.flags['json'] ? JSON.stringify(change) : describeChange(known.get(change.chargerId), change),
          );
          known.set(change.chargerId, change.twin);
        }
      }
    } catch (error) {
      if (io.signal.aborted) break;
      if (!(error instanceof CliError) || !/cannot reach/.test(error.message)) throw error;
      say(io.stderr, `${error.message}; retrying`);
    }
    if (!io.signal.aborted) await io.sleep(RECONNECT_MS);
  }
  return 0;
}

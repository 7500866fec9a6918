import { CommandHandler, type JitterSource, type StreamAccess } from './command-handler.js';

/** A tally stream: each event adds to the total. */
type Added = { add: number };
const evolve = (total: number, e: Added) => total + e.add;

class VersionConflict extends Error {}
class Mismatch extends Error {
  constructor(
    readonly actual: number,
    readonly expected: number,
  ) {
    super(`at ${actual}, not ${expected}`);
  }
}

/** An in-memory stream whose `interleave` lets another "process" append between a load and its append. */
function memoryStream() {
  const streams = new Map<string, Added[]>();
  const log = { loads: [] as { key: string; fresh: boolean }[], appends: [] as string[] };
  let interleave: (() => void) | undefined;
  const stream: StreamAccess<number, Added, number> = {
    async load(key, { fresh }) {
      log.loads.push({ key, fresh });
      const events = streams.get(key) ?? [];
      return { state: events.reduce(evolve, 0), version: events.length };
    },
    async append(key, expectedVersion, events) {
      const once = interleave;
      interleave = undefined;
      once?.();
      const current = streams.get(key) ?? [];
      if (current.length !== expectedVersion) throw new VersionConflict();
      streams.set(key, [...current, ...events]);
      log.appends.push(`${key}:${events.map((e) => e.add).join(',')}`);
      return current.length + events.length;
    },
  };
  const otherProcessAppends = (key: string, add: number) => {
    interleave = () => streams.set(key, [...(streams.get(key) ?? []), { add }]);
  };
  return { stream, streams, log, otherProcessAppends };
}

function handlerWith(draws: number[] = []) {
  const sleeps: number[] = [];
  const drawn: number[] = [];
  const random: JitterSource = {
    int: (max) => {
      const d = draws.shift() ?? 0;
      drawn.push(max);
      return d;
    },
  };
  const handler = new CommandHandler<number, Added>({
    evolve,
    isVersionConflict: (e) => e instanceof VersionConflict,
    expectedVersionMismatch: (actual, expected) => new Mismatch(actual, expected),
    random,
    baseDelayMs: 5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
  return { handler, sleeps, drawn };
}

/** "Add n unless the total would pass 10": the decision depends on the state it is taken on. */
const addUpTo10 =
  (n: number) =>
  (total: number): Added[] =>
    total + n > 10 ? [] : [{ add: n }];

describe('CommandHandler (the one command loop)', () => {
  it('given an empty stream, when a command decides events, then they are appended at version 0 and folded', async () => {
    const { stream, streams } = memoryStream();
    const { handler } = handlerWith();
    const handled = await handler.handle('s-1', stream, addUpTo10(4));
    expect(handled).toEqual({ before: 0, events: [{ add: 4 }], state: 4, version: 1, stored: 1 });
    expect(streams.get('s-1')).toEqual([{ add: 4 }]);
  });

  it('given a command that decides nothing, when handled, then nothing is appended and the version stays', async () => {
    const { stream, log } = memoryStream();
    const { handler } = handlerWith();
    await handler.handle('s-1', stream, addUpTo10(8));
    const handled = await handler.handle('s-1', stream, addUpTo10(8));
    expect(handled).toMatchObject({ events: [], state: 8, version: 1, stored: null });
    expect(log.appends).toEqual(['s-1:8']);
  });

  it('given a cache another process has moved past, when a command decides nothing on it, then it is decided again on the current stream', async () => {
    const { stream, streams, log } = memoryStream();
    const { handler } = handlerWith();
    await handler.handle('s-1', stream, addUpTo10(8));
    // This process's cache still says 8 at version 1; another process took it back to 0 since.
    const cached: StreamAccess<number, Added, number> = {
      load: async (key, options) => (options.fresh ? stream.load(key, options) : { state: 8, version: 1 }),
      append: (...args) => stream.append(...args),
    };
    streams.set('s-1', [{ add: 8 }, { add: -8 }]);
    const handled = await handler.handle('s-1', cached, addUpTo10(8));
    expect(handled).toMatchObject({ before: 0, events: [{ add: 8 }], state: 8, version: 3 });
    expect(log.appends).toEqual(['s-1:8', 's-1:8']);
  });

  it("given a cache that is current, when a command decides nothing, then the stream's version is checked once and nothing is appended", async () => {
    const { stream, log } = memoryStream();
    const { handler } = handlerWith();
    await handler.handle('s-1', stream, addUpTo10(8));
    const handled = await handler.handle('s-1', stream, addUpTo10(8));
    expect(handled).toMatchObject({ events: [], version: 1, stored: null });
    expect(log.loads.slice(-2)).toEqual([
      { key: 's-1', fresh: false },
      { key: 's-1', fresh: true },
    ]);
  });

  it('given another process appends between load and append, when the append conflicts, then the command is decided again on the fresh state', async () => {
    const { stream, streams, log, otherProcessAppends } = memoryStream();
    const { handler, sleeps } = handlerWith();
    otherProcessAppends('s-1', 7);
    const handled = await handler.handle('s-1', stream, addUpTo10(4));
    // Decided again on 7: 7 + 4 > 10, so this time it decides nothing.
    expect(handled).toMatchObject({ before: 7, events: [], state: 7, version: 1 });
    expect(streams.get('s-1')).toEqual([{ add: 7 }]);
    expect(log.loads).toEqual([
      { key: 's-1', fresh: false },
      { key: 's-1', fresh: true },
    ]);
    expect(sleeps).toHaveLength(1);
  });

  it('given conflicts, when retried, then each backoff is attempt × base × (1 + a draw of 0…3 from the injected source)', async () => {
    const { stream, otherProcessAppends } = memoryStream();
    const { handler, sleeps, drawn } = handlerWith([3, 0]);
    let calls = 0;
    const conflictTwice = (total: number): Added[] => {
      if (calls++ < 2) otherProcessAppends('s-1', 1);
      return [{ add: total }];
    };
    await handler.handle('s-1', stream, conflictTwice);
    expect(drawn).toEqual([3, 3]);
    expect(sleeps).toEqual([1 * 5 * 4, 2 * 5 * 1]);
  });

  it('given conflicts on every attempt, when the attempts run out, then the conflict is thrown', async () => {
    const { stream, otherProcessAppends } = memoryStream();
    const { handler, sleeps } = handlerWith();
    const alwaysConflict = (): Added[] => {
      otherProcessAppends('s-1', 1);
      return [{ add: 1 }];
    };
    await expect(handler.handle('s-1', stream, alwaysConflict)).rejects.toBeInstanceOf(VersionConflict);
    expect(sleeps).toHaveLength(7);
  });

  it('given a stream at version 2, when a command expects version 1, then it fails with the mismatch error and decides nothing', async () => {
    const { stream, log } = memoryStream();
    const { handler } = handlerWith();
    await handler.handle('s-1', stream, addUpTo10(1));
    await handler.handle('s-1', stream, addUpTo10(1));
    const decide = vi.fn(addUpTo10(1));
    const failure = handler.handle('s-1', stream, decide, 1);
    await expect(failure).rejects.toEqual(new Mismatch(2, 1));
    expect(decide).not.toHaveBeenCalled();
    expect(log.loads.at(-1)).toEqual({ key: 's-1', fresh: true });
  });

  it('given an expected version that matches, when another process appends before the append, then the conflict is thrown, not retried', async () => {
    const { stream, otherProcessAppends, streams } = memoryStream();
    const { handler, sleeps } = handlerWith();
    otherProcessAppends('s-1', 5);
    await expect(handler.handle('s-1', stream, addUpTo10(1), 0)).rejects.toBeInstanceOf(VersionConflict);
    expect(sleeps).toEqual([]);
    expect(streams.get('s-1')).toEqual([{ add: 5 }]);
  });

  it('given commands for one key sent together, when handled, then they run one after another in the order sent', async () => {
    const { stream, log } = memoryStream();
    const { handler } = handlerWith();
    const handled = await Promise.all([1, 2, 3].map((n) => handler.handle('s-1', stream, addUpTo10(n))));
    expect(log.appends).toEqual(['s-1:1', 's-1:2', 's-1:3']);
    expect(handled.map((h) => h.before)).toEqual([0, 1, 3]);
    // Each decided on the state its predecessor left: no conflict, no retry.
    expect(log.loads.every((l) => !l.fresh)).toBe(true);
  });

  it('given a command that fails, when the next one for the key is queued, then it still runs', async () => {
    const { stream, log } = memoryStream();
    const { handler } = handlerWith();
    const failing = handler.handle('s-1', stream, () => {
      throw new Error('refused');
    });
    const next = handler.handle('s-1', stream, addUpTo10(2));
    await expect(failing).rejects.toThrow('refused');
    await expect(next).resolves.toMatchObject({ version: 1 });
    expect(log.appends).toEqual(['s-1:2']);
  });
});

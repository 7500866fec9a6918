import { KeyedQueue } from './keyed-queue.js';

/** A stream's folded state and the version (number of events) it is folded up to. */
export interface Versioned<State> {
  state: State;
  version: number;
}

/**
 * How one command reaches its stream: load the folded state, append the decided events with the version they
 * were decided on. `append` must fail with the handler's version-conflict error when the stream moved on.
 */
export interface StreamAccess<State, Event, Stored> {
  /** `fresh`: bypass any cache of folded states (an expected version is checked, or a conflict was seen). */
  load(key: string, options: { fresh: boolean }): Promise<Versioned<State>>;
  /** True when every load reads the stream itself (no cache): a decision to append nothing needs no check. */
  readonly uncached?: boolean;
  append(key: string, expectedVersion: number, events: readonly Event[], after: State): Promise<Stored>;
}

/** Where the retry jitter is drawn from (injected: crypto in production, seeded in tests). */
export interface JitterSource {
  /** A whole number drawn uniformly from 0 … maxInclusive. */
  int(maxInclusive: number): number;
}

export interface CommandHandlerOptions<State, Event> {
  evolve(state: State, event: Event): State;
  /** The append error meaning "the stream is no longer at the expected version": decided again on fresh state. */
  isVersionConflict(error: unknown): boolean;
  /** The error for a caller's expected version (an HTTP If-Match) that is not the stream's: never retried. */
  expectedVersionMismatch(actual: number, expected: number): Error;
  random: JitterSource;
  /** Attempts in all (the first included) before a conflict is given up; 8 unless told. */
  maxAttempts?: number;
  /** Attempt n waits n × baseDelayMs × (1 + a draw of 0…3) before deciding again; 5 ms unless told. */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The outcome of one command: the state it was decided on, the events appended (maybe none) and after. */
export interface Handled<State, Event, Stored> {
  before: State;
  events: readonly Event[];
  state: State;
  version: number;
  /** What the stream's append returned, or null when the command decided nothing. */
  stored: Stored | null;
}

/** Decides a command on the current state: the events to append (none: nothing changes). */
export type Decide<State, Event> = (state: State) => readonly Event[];

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The one command loop: load → decide → append with the expected version → on a version conflict decide
 * again on the fresh state (jittered backoff). Within this process one key's commands run one after another
 * (no pointless conflicts between them); across processes the version check keeps them apart, and a decision
 * to append nothing (which checks no version) stands only once the stream is known to be at the version it
 * was taken on.
 */
export class CommandHandler<State, Event> {
  readonly #queue = new KeyedQueue();
  readonly #maxAttempts: number;
  readonly #baseDelayMs: number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: CommandHandlerOptions<State, Event>) {
    this.#maxAttempts = options.maxAttempts ?? 8;
    this.#baseDelayMs = options.baseDelayMs ?? 5;
    this.#sleep = options.sleep ?? realSleep;
  }

  /**
   * Runs `decide` on `key`'s stream after the key's earlier commands. With `expectedVersion` the stream must
   * be at exactly that version (read fresh): otherwise `expectedVersionMismatch`, and a conflict is not retried.
   */
  handle<Stored>(
    key: string,
    stream: StreamAccess<State, Event, Stored>,
    decide: Decide<State, Event>,
    expectedVersion?: number,
  ): Promise<Handled<State, Event, Stored>> {
    return this.#queue.run(key, () => this.#handleNow(key, stream, decide, expectedVersion));
  }

  async #handleNow<Stored>(
    key: string,
    stream: StreamAccess<State, Event, Stored>,
    decide: Decide<State, Event>,
    expectedVersion: number | undefined,
  ): Promise<Handled<State, Event, Stored>> {
    let checked: Versioned<State> | undefined;
    for (let attempt = 1; ; attempt++) {
      const fresh = stream.uncached === true || checked !== undefined || expectedVersion !== undefined || attempt > 1;
      const { state, version } = checked ?? (await stream.load(key, { fresh }));
      checked = undefined;
      if (expectedVersion !== undefined && version !== expectedVersion)
        throw this.options.expectedVersionMismatch(version, expectedVersion);
      const events = decide(state);
      if (events.length === 0) {
        // Appending nothing checks no version: a decision taken on a cached state another process has moved
        // past would answer from the past. So it stands only once the stream is known to be at that version
        // (a fresh load reads the stream's tail); otherwise it is taken again on the newer state.
        if (!fresh) checked = await stream.load(key, { fresh: true });
        if (!checked || checked.version === version) return { before: state, events, state, version, stored: null };
        attempt--;
        continue;
      }
      const after = events.reduce(this.options.evolve, state);
      try {
        const stored = await stream.append(key, version, events, after);
        return { before: state, events, state: after, version: version + events.length, stored };
      } catch (error) {
        const retry =
          this.options.isVersionConflict(error) && expectedVersion === undefined && attempt < this.#maxAttempts;
        if (!retry) throw error;
        await this.#sleep(attempt * this.#baseDelayMs * (1 + this.options.random.int(3)));
      }
    }
  }
}

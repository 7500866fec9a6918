import { ConcurrencyError, PlatformError } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import {
  decide,
  evolve,
  nextWakeAt,
  type ChargerCommand,
  type ChargerEvent,
  type ChargerState,
} from '@chargeplane/charger-domain';
import type { AppendContext, ChargerRepository, Clock, Ids } from './ports.js';

/** Builds the command from the current state; `now` and a write id are supplied by the service. */
export type CommandBuilder = (state: ChargerState, base: { now: number; writeId: string }) => ChargerCommand | null;

export interface Executed {
  events: EventEnvelope[];
  state: ChargerState;
  version: number;
}

/** Called after every successful append (dispatch the writes it decided, schedule its wake-up). */
export type AfterAppend = (chargerId: string, executed: Executed, context: AppendContext) => void;

const MAX_ATTEMPTS = 8;

/**
 * Runs commands against a charger's stream: load, decide, append with the expected version. Within one
 * process a charger's commands run one after another (no pointless conflicts); across processes a
 * concurrency conflict makes the whole command be decided again on the fresh state.
 */
export class ChargerService {
  private readonly listeners: AfterAppend[] = [];
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly repository: ChargerRepository,
    private readonly clock: Clock,
    private readonly ids: Ids,
  ) {}

  /**
   * The charger's state and stream version (no command). Without `fresh` it may miss what another process
   * appended a moment ago (what never changes once true — registration, tenant, jurisdiction — is safe to read).
   */
  current(chargerId: string, options: { fresh?: boolean } = {}): Promise<{ state: ChargerState; version: number }> {
    return this.repository.load(chargerId, options);
  }

  onAppended(listener: AfterAppend): void {
    this.listeners.push(listener);
  }

  /**
   * `expectedVersion` (from an HTTP If-Match) pins the stream version the caller saw: a different
   * version fails with PRECONDITION_FAILED instead of being retried.
   */
  execute(
    chargerId: string,
    build: CommandBuilder,
    context: Omit<AppendContext, 'tenantId'> & { tenantId?: string },
    expectedVersion?: number,
  ): Promise<Executed> {
    const previous = this.queues.get(chargerId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.executeNow(chargerId, build, context, expectedVersion));
    const tail = run.catch(() => undefined);
    this.queues.set(chargerId, tail);
    void tail.then(() => {
      if (this.queues.get(chargerId) === tail) this.queues.delete(chargerId);
    });
    return run;
  }

  private async executeNow(
    chargerId: string,
    build: CommandBuilder,
    context: Omit<AppendContext, 'tenantId'> & { tenantId?: string },
    expectedVersion?: number,
  ): Promise<Executed> {
    for (let attempt = 1; ; attempt++) {
      // A caller's If-Match is checked against the stream itself, never against a possibly stale cache.
      const { state, version } = await this.repository.load(chargerId, { fresh: expectedVersion !== undefined });
      if (expectedVersion !== undefined && version !== expectedVersion) {
        throw new PlatformError('PRECONDITION_FAILED', `the charger is at version ${version}, not ${expectedVersion}`, {
          version,
        });
      }
      const command = build(state, { now: this.clock.now(), writeId: this.ids.uuid() });
      if (!command) return { events: [], state, version };
      const events: ChargerEvent[] = decide(command, state);
      if (events.length === 0) return { events: [], state, version };
      const after = events.reduce(evolve, state);
      const full: AppendContext = {
        tenantId: context.tenantId ?? after.tenantId,
        correlationId: context.correlationId,
        causationId: context.causationId,
      };
      try {
        const stored = await this.repository.append(chargerId, version, events, full, { wakeAt: nextWakeAt(after) });
        const executed = { events: stored, state: after, version: version + events.length };
        for (const listener of this.listeners) listener(chargerId, executed, full);
        return executed;
      } catch (error) {
        if (error instanceof ConcurrencyError && expectedVersion === undefined && attempt < MAX_ATTEMPTS) {
          // Another process wrote first: back off a little (jittered) and decide again on the new state.
          await new Promise((r) => setTimeout(r, attempt * 5 * (1 + (this.ids.uuid().charCodeAt(0) % 4))));
          continue;
        }
        throw error;
      }
    }
  }
}

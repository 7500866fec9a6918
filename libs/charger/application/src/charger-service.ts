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
import { CommandHandler, type StreamAccess } from '@chargeplane/platform-command-handling';
import type { AppendContext, ChargerRepository, Clock, Ids, RandomSource } from './ports.js';

/** Builds the command from the current state; `now` and a write id are supplied by the service. */
export type CommandBuilder = (state: ChargerState, base: { now: number; writeId: string }) => ChargerCommand | null;

export interface Executed {
  events: EventEnvelope[];
  state: ChargerState;
  version: number;
}

/** Called after every successful append (dispatch the writes it decided, schedule its wake-up). */
export type AfterAppend = (chargerId: string, executed: Executed, context: AppendContext) => void;

/** The charger context of a command; the tenant defaults to the charger's own. */
export type CommandContext = Omit<AppendContext, 'tenantId'> & { tenantId?: string };

/**
 * Runs commands against a charger's stream through the platform's command loop (one charger's commands in
 * order, a concurrency conflict decided again on the fresh state), and tells its listeners of every append.
 */
export class ChargerService {
  private readonly listeners: AfterAppend[] = [];
  private readonly handler: CommandHandler<ChargerState, ChargerEvent>;

  constructor(
    private readonly repository: ChargerRepository,
    private readonly clock: Clock,
    private readonly ids: Ids,
    random: RandomSource,
  ) {
    this.handler = new CommandHandler({
      evolve,
      isVersionConflict: (error) => error instanceof ConcurrencyError,
      expectedVersionMismatch: (version, expected) =>
        new PlatformError('PRECONDITION_FAILED', `the charger is at version ${version}, not ${expected}`, {
          version,
        }),
      random,
    });
  }

  /**
   * The charger's state and stream version (no command). Without `fresh` it may miss what another process
   * appended a moment ago (what never changes once true — registration, tenant, jurisdiction — is safe to read).
   */
  current(chargerId: string, options: { fresh?: boolean } = {}): Promise<{ state: ChargerState; version: number }> {
    return this.repository.load(chargerId, options);
  }

  /** See ChargerRepository.expectNew: these chargers' first commands may skip reading their (empty) streams. */
  expectNew(chargerIds: readonly string[]): void {
    this.repository.expectNew(chargerIds);
  }

  onAppended(listener: AfterAppend): void {
    this.listeners.push(listener);
  }

  /**
   * `expectedVersion` (from an HTTP If-Match) pins the stream version the caller saw: a different
   * version fails with PRECONDITION_FAILED instead of being retried (checked against the stream itself,
   * never against a possibly stale cache).
   */
  async execute(
    chargerId: string,
    build: CommandBuilder,
    context: CommandContext,
    expectedVersion?: number,
  ): Promise<Executed> {
    const handled = await this.handler.handle(
      chargerId,
      this.streamFor(context),
      (state) => {
        const command = build(state, { now: this.clock.now(), writeId: this.ids.uuid() });
        return command ? decide(command, state) : [];
      },
      expectedVersion,
    );
    return { events: handled.stored ?? [], state: handled.state, version: handled.version };
  }

  /** The charger stream as the command loop sees it; listeners hear of each append before the next command runs. */
  private streamFor(context: CommandContext): StreamAccess<ChargerState, ChargerEvent, EventEnvelope[]> {
    return {
      load: (chargerId, options) => this.repository.load(chargerId, options),
      append: async (chargerId, version, events, after) => {
        const full: AppendContext = {
          tenantId: context.tenantId ?? after.tenantId,
          correlationId: context.correlationId,
          causationId: context.causationId,
        };
        const stored = await this.repository.append(chargerId, version, events, full, { wakeAt: nextWakeAt(after) });
        const executed = { events: stored, state: after, version: version + events.length };
        for (const listener of this.listeners) listener(chargerId, executed, full);
        return stored;
      },
    };
  }
}

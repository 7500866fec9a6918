import { ConcurrencyError, PlatformError } from '@chargeplane/contracts-api';
import type { ComplianceEvent, EventEnvelope } from '@chargeplane/contracts-events';
import {
  complianceVerdict,
  decidePolicy,
  evolvePolicy,
  type ChargerProfileView,
  type PolicyCommand,
  type PolicyState,
  type RandomSource,
} from '@chargeplane/compliance-domain';
import { CommandHandler, type StreamAccess } from '@chargeplane/platform-command-handling';
import type { ComplianceReadModel } from '../persistence/compliance-read-model.js';
import type { AppendContext, PolicyRepository } from '../persistence/policy.repository.js';
import type { ChargerProfileSource } from './charger-profile-source.js';

/**
 * Builds the command from the current state; `now` (ms) is supplied by the service's clock, `profiles`
 * (the charger's profiles, desired and confirmed) are read with the state.
 */
export type PolicyCommandBuilder = (
  state: PolicyState,
  now: number,
  profiles: readonly ChargerProfileView[],
) => PolicyCommand | null;

export interface PolicyExecuted {
  before: PolicyState;
  events: ComplianceEvent[];
  state: PolicyState;
  version: number;
}

/**
 * Runs commands on a charger's compliance stream through the platform's command loop (one charger's commands
 * in order, a conflict decided again on the fresh state), the read-model row written in the append's own
 * transaction.
 */
export class PolicyService {
  private readonly handler: CommandHandler<PolicyState, ComplianceEvent>;
  private readonly listeners: ((chargerId: string, events: readonly ComplianceEvent[]) => void)[] = [];

  constructor(
    private readonly repository: PolicyRepository,
    private readonly readModel: ComplianceReadModel,
    private readonly clock: { now(): number },
    private readonly offPeakGraceSeconds: number,
    random: Pick<RandomSource, 'int'>,
    private readonly profiles: ChargerProfileSource,
  ) {
    this.handler = new CommandHandler({
      evolve: evolvePolicy,
      isVersionConflict: (error) => error instanceof ConcurrencyError,
      expectedVersionMismatch: (version, expected) =>
        new PlatformError('PRECONDITION_FAILED', `the compliance policy is at version ${version}, not ${expected}`, {
          version,
        }),
      random,
      baseDelayMs: 10,
    });
  }

  /** Called after every successful append (metrics). */
  onAppended(listener: (chargerId: string, events: readonly ComplianceEvent[]) => void): void {
    this.listeners.push(listener);
  }

  current(chargerId: string): Promise<{ state: PolicyState; version: number }> {
    return this.repository.load(chargerId);
  }

  /** `expectedVersion` (If-Match) pins the version the caller saw: another one fails with PRECONDITION_FAILED. */
  async execute(
    chargerId: string,
    build: PolicyCommandBuilder,
    context: AppendContext,
    expectedVersion?: number,
  ): Promise<PolicyExecuted> {
    // The moment the command is decided at is also the one its status row is computed for; the charger's
    // profiles are read with the state (in the charger's turn) and decide with it.
    let now = 0;
    const seen = { profiles: [] as ChargerProfileView[] };
    const handled = await this.handler.handle(
      chargerId,
      this.streamFor(context, () => now, seen),
      (state) => {
        now = this.clock.now();
        const command = build(state, now, seen.profiles);
        return command ? decidePolicy(command, state) : [];
      },
      expectedVersion,
    );
    if (handled.events.length > 0) for (const listener of this.listeners) listener(chargerId, handled.events);
    return { before: handled.before, events: [...handled.events], state: handled.state, version: handled.version };
  }

  private streamFor(
    context: AppendContext,
    decidedAt: () => number,
    seen: { profiles: ChargerProfileView[] },
  ): StreamAccess<PolicyState, ComplianceEvent, EventEnvelope[]> {
    return {
      uncached: true,
      load: async (chargerId) => {
        seen.profiles = await this.profiles.list(chargerId);
        return this.repository.load(chargerId);
      },
      append: (chargerId, version, events, after) => {
        const now = decidedAt();
        const verdict = complianceVerdict(after, now, this.offPeakGraceSeconds, seen.profiles);
        return this.repository.append(
          chargerId,
          version,
          events,
          after,
          { ...context, tenantId: after.tenantId || context.tenantId },
          (tx, s, v) => this.readModel.save(tx, chargerId, s, verdict, v, now),
        );
      },
    };
  }
}

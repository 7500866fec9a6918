import { ConcurrencyError, PlatformError } from '@chargeplane/contracts-api';
import type { ComplianceEvent } from '@chargeplane/contracts-events';
import {
  complianceVerdict,
  decidePolicy,
  evolvePolicy,
  type ChargerProfileView,
  type PolicyCommand,
  type PolicyState,
} from '@chargeplane/compliance-domain';
import type { ComplianceReadModel } from '../persistence/compliance-read-model.js';
import type { AppendContext, PolicyRepository } from '../persistence/policy.repository.js';
import type { ChargerProfileSource } from './charger-profile-source.js';

/**
 * Builds the command from the current state; `now` (ms) is supplied by the service's clock, `profiles`
 * (the charger's profiles, desired and confirmed) are read in the same turn.
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

const MAX_ATTEMPTS = 8;

/**
 * Runs commands on a charger's compliance stream: load, decide, append with the expected version (and the
 * read-model row in the same transaction). One charger's commands run one after another in this process;
 * across processes a conflict decides the command again on the fresh state.
 */
export class PolicyService {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly listeners: ((chargerId: string, events: readonly ComplianceEvent[]) => void)[] = [];

  constructor(
    private readonly repository: PolicyRepository,
    private readonly readModel: ComplianceReadModel,
    private readonly clock: { now(): number },
    private readonly offPeakGraceSeconds: number,
    private readonly profiles: ChargerProfileSource,
  ) {}

  /** Called after every successful append (metrics). */
  onAppended(listener: (chargerId: string, events: readonly ComplianceEvent[]) => void): void {
    this.listeners.push(listener);
  }

  current(chargerId: string): Promise<{ state: PolicyState; version: number }> {
    return this.repository.load(chargerId);
  }

  /** `expectedVersion` (If-Match) pins the version the caller saw: another one fails with PRECONDITION_FAILED. */
  execute(
    chargerId: string,
    build: PolicyCommandBuilder,
    context: AppendContext,
    expectedVersion?: number,
  ): Promise<PolicyExecuted> {
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
    build: PolicyCommandBuilder,
    context: AppendContext,
    expectedVersion?: number,
  ): Promise<PolicyExecuted> {
    for (let attempt = 1; ; attempt++) {
      const { state, version } = await this.repository.load(chargerId);
      if (expectedVersion !== undefined && version !== expectedVersion) {
        throw new PlatformError(
          'PRECONDITION_FAILED',
          `the compliance policy is at version ${version}, not ${expectedVersion}`,
          { version },
        );
      }
      const now = this.clock.now();
      const profiles = await this.profiles.list(chargerId);
      const command = build(state, now, profiles);
      const events = command ? decidePolicy(command, state) : [];
      if (events.length === 0) return { before: state, events: [], state, version };
      const after = events.reduce(evolvePolicy, state);
      const verdict = complianceVerdict(after, now, this.offPeakGraceSeconds, profiles);
      try {
        await this.repository.append(
          chargerId,
          version,
          events,
          after,
          { ...context, tenantId: after.tenantId || context.tenantId },
          (tx, s, v) => this.readModel.save(tx, chargerId, s, verdict, v, now),
        );
        for (const listener of this.listeners) listener(chargerId, events);
        return { before: state, events, state: after, version: version + events.length };
      } catch (error) {
        if (error instanceof ConcurrencyError && expectedVersion === undefined && attempt < MAX_ATTEMPTS) {
          await new Promise((r) => setTimeout(r, attempt * 10));
          continue;
        }
        throw error;
      }
    }
  }
}

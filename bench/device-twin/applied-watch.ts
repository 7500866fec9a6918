// Times when each charger event is applied, from device-twin's live updates: after each batch's commit the
// projection publishes, per applied event, the twin at that version on `twin.changed.{tenantId}`.
import { subjects } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Subscription } from '@nats-io/transport-node';
import { z } from 'zod';

const Change = z.object({ chargerId: z.string(), version: z.number().int() });
const key = (chargerId: string, version: number) => `${chargerId}@${version}`;

export class AppliedWatch {
  /** When each event (charger@version) was recorded in the store, and when its change arrived (ms since epoch). */
  private readonly recordedAt = new Map<string, number>();
  private readonly appliedAt = new Map<string, number>();
  private readonly subscriptions: Subscription[];
  first = Number.POSITIVE_INFINITY;
  last = 0;

  constructor(bus: NatsBus, tenantIds: readonly string[]) {
    this.subscriptions = tenantIds.map((tenantId) =>
      bus.nc.subscribe(bus.subject(subjects.twinChanged(tenantId)), {
        callback: (_err, msg) => {
          const now = Date.now();
          const change = Change.parse(msg.json());
          this.appliedAt.set(key(change.chargerId, change.version), now);
          this.first = Math.min(this.first, now);
          this.last = now;
        },
      }),
    );
  }

  published(events: readonly EventEnvelope[]): void {
    for (const e of events) this.recordedAt.set(key(e.chargerId, e.streamVersion), Date.parse(e.recordedAt));
  }

  get applied(): number {
    return this.appliedAt.size;
  }

  /** Resolves once every published event was applied; throws after `timeoutMs` without progress. */
  async untilApplied(timeoutMs = 60_000): Promise<void> {
    let seen = this.applied;
    let progressAt = Date.now();
    while (this.applied < this.recordedAt.size) {
      await new Promise((r) => setTimeout(r, 20));
      if (this.applied > seen) [seen, progressAt] = [this.applied, Date.now()];
      if (Date.now() - progressAt > timeoutMs)
        throw new Error(
          `only ${this.applied} of ${this.recordedAt.size} events applied; no progress for ${timeoutMs} ms`,
        );
    }
  }

  /** Per event: applied time − recordedAt, in ms. */
  lagsMs(): number[] {
    return [...this.recordedAt].map(([k, recorded]) => (this.appliedAt.get(k) ?? Number.NaN) - recorded);
  }

  stop(): void {
    for (const s of this.subscriptions) s.unsubscribe();
  }
}

import { subjects, type TwinChange } from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import { viewTwinDetailed, type TwinDoc } from '@chargeplane/twin-domain';
import type { ProjectionObserver } from './twin.projection.js';

/**
 * Live updates: after each write of the projection, every twin it wrote goes to `twin.changed.{tenantId}` (core NATS:
 * no history, no ack), as stored: a charger whose batch held several of its events is published once, at the last of
 * them (the contract's gap in versions). The projection writes one charger's batches one after another, so its
 * changes leave in version order and its last one is the twin as stored.
 */
export class TwinChangePublisher implements ProjectionObserver {
  constructor(
    private readonly bus: NatsBus,
    private readonly clock: () => number,
  ) {}

  applied(): void {}

  duplicate(): void {}

  written(docs: readonly TwinDoc[]): void {
    const now = this.clock();
    for (const doc of docs) {
      if (!doc.tenantId) continue;
      const change: TwinChange = {
        tenantId: doc.tenantId,
        chargerId: doc.chargerId,
        version: doc.version,
        twin: viewTwinDetailed(doc, now),
      };
      this.bus.nc.publish(this.bus.subject(subjects.twinChanged(doc.tenantId)), JSON.stringify(change));
    }
  }
}

/** Several observers as one (metrics, live updates); each sees every change in order. */
export function observeAll(...observers: ProjectionObserver[]): ProjectionObserver {
  return {
    applied: (doc, envelope, filled) => observers.forEach((o) => o.applied(doc, envelope, filled)),
    duplicate: (envelope) => observers.forEach((o) => o.duplicate(envelope)),
    written: (docs) => observers.forEach((o) => o.written?.(docs)),
  };
}

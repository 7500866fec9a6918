import { subjects, type TwinChange } from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import { viewTwinDetailed, type TwinDoc } from '@chargeplane/twin-domain';
import type { ProjectionObserver } from './twin.projection.js';

/**
 * Live updates: after each applied change, the twin as it read after that change goes to
 * `twin.changed.{tenantId}` (core NATS: no history, no ack). The projection reports a batch's events after
 * its commit, in stream order, so one charger's changes leave in version order and its last one is the
 * twin as stored.
 */
export class TwinChangePublisher implements ProjectionObserver {
  constructor(
    private readonly bus: NatsBus,
    private readonly clock: () => number,
  ) {}

  applied(doc: TwinDoc): void {
    if (!doc.tenantId) return;
    const change: TwinChange = {
      tenantId: doc.tenantId,
      chargerId: doc.chargerId,
      version: doc.version,
      twin: viewTwinDetailed(doc, this.clock()),
    };
    this.bus.nc.publish(this.bus.subject(subjects.twinChanged(doc.tenantId)), JSON.stringify(change));
  }

  duplicate(): void {}
}

/** Several observers as one (metrics, live updates); each sees every change in order. */
export function observeAll(...observers: ProjectionObserver[]): ProjectionObserver {
  return {
    applied: (doc, envelope, filled) => observers.forEach((o) => o.applied(doc, envelope, filled)),
    duplicate: (envelope) => observers.forEach((o) => o.duplicate(envelope)),
  };
}

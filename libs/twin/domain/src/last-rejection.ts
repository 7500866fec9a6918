import type { Twin } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { applyEnvelope, type FoldResult } from './fold.js';
import type { TwinDoc } from './twin-doc.js';
import { viewTwin } from './view.js';

export type { LastRejection } from './twin-doc.js';

/** What the projection and the rebuild apply: `applyEnvelope` (the last rejection of each profile included). */
export function applyTwinEnvelope(twin: TwinDoc, envelope: EventEnvelope): FoldResult {
  return applyEnvelope(twin, envelope);
}

/**
 * `viewTwin` with each profile's last rejection (null when the charger never refused it). Unlike `lastError`
 * (cleared by the next desired state or acceptance) the rejection stays as history while the profile exists.
 */
export function viewTwinDetailed(doc: TwinDoc, now: number): Twin {
  const view = viewTwin(doc, now);
  return {
    ...view,
    profiles: view.profiles.map((p) => ({ ...p, lastRejection: doc.lastRejections[p.chargingProfileId] ?? null })),
  };
}

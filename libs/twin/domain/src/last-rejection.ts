import type { Twin } from '@chargeplane/contracts-api';
import { ChargingProfileRejectedByCharger, type EventEnvelope } from '@chargeplane/contracts-events';
import { applyEnvelope, type FoldResult } from './fold.js';
import type { TwinDoc, TwinProfile } from './twin-doc.js';
import { viewTwin } from './view.js';

/** The charger's last refusal of a profile: which write, what it answered, when. */
export interface LastRejection {
  status: 'Rejected' | 'NotSupported';
  writeId: string;
  at: string;
}

/**
 * A stored profile with its last rejection. Unlike `lastError` (cleared by the next desired state or
 * acceptance) the rejection stays as history while the profile exists; the fold carries the extra field
 * along because it only ever spreads a profile to change it.
 */
export type TwinProfileWithRejection = TwinProfile & { lastRejection?: LastRejection };

/** `applyEnvelope` plus the last-rejection detail: what the projection and the rebuild both apply. */
export function applyTwinEnvelope(twin: TwinDoc, envelope: EventEnvelope): FoldResult {
  const result = applyEnvelope(twin, envelope);
  if (result.kind !== 'applied' || envelope.type !== ChargingProfileRejectedByCharger.shape.type.value) return result;
  const { data, occurredAt } = ChargingProfileRejectedByCharger.parse({
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    occurredAt: envelope.occurredAt,
    data: envelope.data,
  });
  const lastRejection: LastRejection = { status: data.status, writeId: data.writeId, at: occurredAt };
  const profiles = result.twin.profiles.map((p): TwinProfileWithRejection =>
    p.chargingProfileId === data.chargingProfileId ? { ...p, lastRejection } : p,
  );
  return { kind: 'applied', twin: { ...result.twin, profiles } };
}

/** `viewTwin` with each profile's last rejection (null when the charger never refused it). */
export function viewTwinDetailed(doc: TwinDoc, now: number): Twin {
  const view = viewTwin(doc, now);
  const rejections = new Map(
    doc.profiles.map((p: TwinProfileWithRejection) => [p.chargingProfileId, p.lastRejection ?? null]),
  );
  return {
    ...view,
    profiles: view.profiles.map((p) => ({ ...p, lastRejection: rejections.get(p.chargingProfileId) ?? null })),
  };
}

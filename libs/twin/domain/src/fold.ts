import { parseChargerEvent, type ChargerEvent, type EventEnvelope } from '@chargeplane/contracts-events';
import { capabilitiesFor, configurationAfterBoot, evolveLedger } from '@chargeplane/smart-charging-domain';
import type { TwinDoc } from './twin-doc.js';

/** What applying one envelope did: applied, ignored as already seen, or refused for a gap (catch up first). */
export type FoldResult =
  { kind: 'applied'; twin: TwinDoc } | { kind: 'duplicate' } | { kind: 'gap'; expected: number; got: number };

/**
 * Applies one stored event to a twin, enforcing per-charger order by stream version. The event is read through
 * the one upcasting parser; profiles, writes and connection go through the ledger's fold (`evolveLedger`).
 */
export function applyEnvelope(twin: TwinDoc, envelope: EventEnvelope): FoldResult {
  if (envelope.streamVersion <= twin.version) return { kind: 'duplicate' };
  if (envelope.streamVersion !== twin.version + 1)
    return { kind: 'gap', expected: twin.version + 1, got: envelope.streamVersion };
  const event = parseChargerEvent(envelope);
  const ledger = evolveLedger(twin.ledger, event, capabilitiesFor(twin.model, twin.configuration));
  const next = { ...foldDevice({ ...twin, tenantId: envelope.tenantId }, event), ledger };
  return {
    kind: 'applied',
    twin: {
      ...next,
      lastRejections: rejectionsOf(next, event),
      version: envelope.streamVersion,
      updatedAt: envelope.recordedAt,
    },
  };
}

/** The device facts: registration, boot, configuration, and when the charger was last heard of. */
function foldDevice(twin: TwinDoc, event: ChargerEvent): TwinDoc {
  const at = event.occurredAt;
  switch (event.type) {
    case 'ChargerRegistered':
      return {
        ...twin,
        tenantId: event.data.tenantId,
        model: event.data.model,
        jurisdiction: event.data.jurisdiction,
        tags: event.data.tags,
      };
    case 'ChargerBooted':
      return {
        ...twin,
        vendor: event.data.chargePointVendor,
        firmwareVersion: event.data.firmwareVersion,
        configuration: configurationAfterBoot(twin.model, twin.configuration),
        lastSeenAt: at,
      };
    case 'ChargerConnected':
    case 'ChargerDisconnected':
    case 'TransactionStarted':
    case 'TransactionStopped':
      return { ...twin, lastSeenAt: at };
    case 'ChargerConfigurationReported':
      return { ...twin, configuration: { ...twin.configuration, ...event.data.values }, lastSeenAt: at };
    case 'ChargerConfigurationChanged':
      return event.data.status === 'Accepted' || event.data.status === 'RebootRequired'
        ? { ...twin, configuration: { ...twin.configuration, [event.data.key]: event.data.value } }
        : twin;
    default:
      return twin;
  }
}

/** A refusal is kept as history while the ledger still knows the profile. */
function rejectionsOf(twin: TwinDoc, event: ChargerEvent): TwinDoc['lastRejections'] {
  const kept = Object.fromEntries(
    Object.entries(twin.lastRejections).filter(([id]) => twin.ledger.profiles[Number(id)] !== undefined),
  );
  if (event.type !== 'ChargingProfileRejectedByCharger' || !twin.ledger.profiles[event.data.chargingProfileId])
    return kept;
  const { status, writeId, chargingProfileId } = event.data;
  return { ...kept, [chargingProfileId]: { status, writeId, at: event.occurredAt } };
}

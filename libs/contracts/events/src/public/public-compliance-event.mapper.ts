import {
  ComplianceEvent,
  type ComplianceEventOf,
  type GbPolicySettings,
  type OwnerOverride,
  type RelevantTimeExemption,
} from '../compliance/index.js';
import type { EventEnvelope } from '../envelope.js';
import { PublicComplianceEvent } from './public-compliance-event.js';

type DataOf<T extends PublicComplianceEvent['type']> = Extract<PublicComplianceEvent, { type: T }>['data'];
type Settings = DataOf<'CompliancePolicyChanged'>['settings'];

// Field by field, like the charger events: a field added to an internal compliance event is not published
// until its public contract has it.
const override = (o: OwnerOverride | null) =>
  o ? { scope: o.scope, requestedBy: o.requestedBy, requestedAt: o.requestedAt } : null;
const settings = (s: GbPolicySettings): Settings => ({
  jurisdiction: s.jurisdiction,
  randomisedDelay: { mode: s.randomisedDelay.mode, maxDelaySeconds: s.randomisedDelay.maxDelaySeconds },
  ownerOverride: override(s.ownerOverride),
  dsrAgreement: s.dsrAgreement,
  dsrResponseActive: s.dsrResponseActive,
  offPeakDefault: {
    enabled: s.offPeakDefault.enabled,
    ownerChoice: s.offPeakDefault.ownerChoice
      ? {
          choice: s.offPeakDefault.ownerChoice.choice,
          by: s.offPeakDefault.ownerChoice.by,
          at: s.offPeakDefault.ownerChoice.at,
          firstUse: s.offPeakDefault.ownerChoice.firstUse,
          blockedWindows: s.offPeakDefault.ownerChoice.blockedWindows?.map((w) => ({ from: w.from, to: w.to })) ?? null,
          overrideUntil: s.offPeakDefault.ownerChoice.overrideUntil,
        }
      : null,
  },
});
const exemption = (e: RelevantTimeExemption) => ({
  change: e.change,
  nominalStartPeriod: e.nominalStartPeriod,
  nominalAt: e.nominalAt,
  reason: e.reason,
});

const applied = ({ data: d }: ComplianceEventOf<'RandomisedDelayApplied'>): DataOf<'RandomisedDelayApplied'> => ({
  connectorId: d.connectorId,
  chargingProfileId: d.chargingProfileId,
  trigger: d.trigger,
  maxDelaySeconds: d.maxDelaySeconds,
  randomSource: d.randomSource,
  delays: d.delays.map((x) => ({
    change: x.change,
    nominalStartPeriod: x.nominalStartPeriod,
    startPeriod: x.startPeriod,
    nominalAt: x.nominalAt,
    delaySeconds: x.delaySeconds,
    boundSeconds: x.boundSeconds,
  })),
  exemptions: d.exemptions.map(exemption),
  overrideConsumed: override(d.overrideConsumed),
  nominalProfile: d.nominalProfile,
  deliveredProfile: d.deliveredProfile,
  refreshAt: d.refreshAt,
});
const exempted = ({ data: d }: ComplianceEventOf<'RandomisedDelayExempted'>): DataOf<'RandomisedDelayExempted'> => ({
  connectorId: d.connectorId,
  chargingProfileId: d.chargingProfileId,
  trigger: d.trigger,
  reason: d.reason,
  exemptions: d.exemptions.map(exemption),
  overrideConsumed: override(d.overrideConsumed),
  nominalProfile: d.nominalProfile,
  deliveredProfile: d.deliveredProfile,
});
const issued = ({ data: d }: ComplianceEventOf<'OffPeakDefaultIssued'>): DataOf<'OffPeakDefaultIssued'> => ({
  connectorId: d.connectorId,
  chargingProfile: d.chargingProfile,
  blockedWindows: d.blockedWindows.map((w) => ({ from: w.from, to: w.to })),
  overrideUntil: d.overrideUntil,
  horizonEnd: d.horizonEnd,
  nextWriteAt: d.nextWriteAt,
  nextWriteReason: d.nextWriteReason,
  status: d.status,
});

function publicData(event: ComplianceEvent): PublicComplianceEvent['data'] {
  switch (event.type) {
    case 'CompliancePolicyCreated':
      return {
        tenantId: event.data.tenantId,
        model: event.data.model,
        settings: settings(event.data.settings),
      } satisfies DataOf<'CompliancePolicyCreated'>;
    case 'CompliancePolicyChanged':
      return {
        settings: settings(event.data.settings),
        changes: event.data.changes,
        changedBy: event.data.changedBy,
      } satisfies DataOf<'CompliancePolicyChanged'>;
    case 'PlatformDelayActivated':
      return { maxDelaySeconds: event.data.maxDelaySeconds } satisfies DataOf<'PlatformDelayActivated'>;
    case 'PlatformDelayDeactivated':
      return { deviceDelayValue: event.data.deviceDelayValue } satisfies DataOf<'PlatformDelayDeactivated'>;
    case 'RandomisedDelayApplied':
      return applied(event);
    case 'RandomisedDelayExempted':
      return exempted(event);
    case 'DeviceDelayChecked':
      return {
        trigger: event.data.trigger,
        value: event.data.value,
        keyUnknown: event.data.keyUnknown,
        delayBy: event.data.delayBy,
        compliant: event.data.compliant,
      } satisfies DataOf<'DeviceDelayChecked'>;
    case 'DeviceDelayChangeRequested':
      return {
        key: event.data.key,
        value: event.data.value,
        valueSource: event.data.valueSource,
        reason: event.data.reason,
        status: event.data.status,
      } satisfies DataOf<'DeviceDelayChangeRequested'>;
    case 'DeviceDelayChangeConfirmed':
      return {
        key: event.data.key,
        value: event.data.value,
        status: event.data.status,
      } satisfies DataOf<'DeviceDelayChangeConfirmed'>;
    case 'CpoTxDefaultProfileObserved':
      return { chargingProfileId: event.data.chargingProfileId } satisfies DataOf<'CpoTxDefaultProfileObserved'>;
    case 'OffPeakDefaultIssued':
      return issued(event);
    case 'OffPeakDefaultRefused':
      return {
        chargingProfileId: event.data.chargingProfileId,
        code: event.data.code,
        message: event.data.message,
      } satisfies DataOf<'OffPeakDefaultRefused'>;
    case 'OffPeakDefaultWithdrawn':
      return {
        chargingProfileId: event.data.chargingProfileId,
        reason: event.data.reason,
        status: event.data.status,
      } satisfies DataOf<'OffPeakDefaultWithdrawn'>;
    default: {
      const unknownType: never = event;
      throw new Error(`no public mapping for ${JSON.stringify(unknownType)}`);
    }
  }
}

/** Maps a stored compliance event to its public form on `chargeplane.compliance.v1` (validated both ways). */
export function toPublicComplianceEvent(envelope: EventEnvelope): PublicComplianceEvent {
  const event = ComplianceEvent.parse({
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    occurredAt: envelope.occurredAt,
    data: envelope.data,
  });
  return PublicComplianceEvent.parse({
    id: envelope.id,
    type: event.type,
    schemaVersion: 1,
    tenantId: envelope.tenantId,
    chargerId: envelope.chargerId,
    occurredAt: envelope.occurredAt,
    recordedAt: envelope.recordedAt,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    data: publicData(event),
  });
}

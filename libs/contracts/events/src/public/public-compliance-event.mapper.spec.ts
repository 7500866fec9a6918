import type { EventEnvelope } from '../envelope.js';
import { toPublicComplianceEvent } from './public-compliance-event.mapper.js';

const envelope = (type: string, data: Record<string, unknown>): EventEnvelope => ({
  id: '2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f',
  type,
  schemaVersion: 1,
  streamId: 'compliance-ZAPPI-1',
  streamVersion: 3,
  tenantId: 'tnt_a',
  chargerId: 'ZAPPI-1',
  occurredAt: '2026-11-25T10:00:00.000Z',
  recordedAt: '2026-11-25T10:00:00.010Z',
  correlationId: 'c1',
  causationId: 'e0',
  data,
});
const settings = {
  jurisdiction: 'GB',
  randomisedDelay: { mode: 'platform', maxDelaySeconds: 600 },
  ownerOverride: null,
  dsrAgreement: false,
  dsrResponseActive: false,
  offPeakDefault: { enabled: true, ownerChoice: null },
};
const profile = {
  chargingProfileId: 100,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
};

describe('Public compliance events', () => {
  it('carry the GB policy with its settings', () => {
    const event = toPublicComplianceEvent(
      envelope('CompliancePolicyCreated', { tenantId: 'tnt_a', model: 'zappi', settings }),
    );
    expect(event).toMatchObject({
      type: 'CompliancePolicyCreated',
      schemaVersion: 1,
      causationId: 'e0',
      data: { model: 'zappi', settings },
    });
    expect(event).not.toHaveProperty('streamId');
  });

  it('carry each randomised delay with its bound and both profiles', () => {
    const delay = {
      change: 'start',
      nominalStartPeriod: 0,
      startPeriod: 0,
      nominalAt: '2026-11-25T23:30:00.000Z',
      delaySeconds: 321,
      boundSeconds: 600,
    };
    const data = {
      connectorId: 1,
      chargingProfileId: 100,
      trigger: 'profile-evaluated',
      maxDelaySeconds: 600,
      randomSource: 'seeded:42',
      delays: [delay],
      exemptions: [],
      overrideConsumed: null,
      nominalProfile: profile,
      deliveredProfile: profile,
      refreshAt: null,
    };
    expect(toPublicComplianceEvent(envelope('RandomisedDelayApplied', data)).data).toEqual(data);
  });

  it('refuse an event that does not match its internal schema', () => {
    expect(() => toPublicComplianceEvent(envelope('PlatformDelayActivated', { maxDelaySeconds: 'soon' }))).toThrow();
    expect(() => toPublicComplianceEvent(envelope('SomethingElse', {}))).toThrow();
  });
});

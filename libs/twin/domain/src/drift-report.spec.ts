import type { ChargerEvent } from '@chargeplane/contracts-events';
import { driftReadsFor, driftReport, type CompositeAnswer, type ConfigurationAnswer } from './drift-report.js';
import {
  accepted,
  aProfile,
  aReadyZappi,
  configured,
  connected,
  desired,
  dispatched,
  iso,
  registered,
  T0,
  twinOf,
} from './test-builders.js';

const HOUR = 3600;
const profile = {
  ...aProfile({ chargingProfileId: 1 }),
  chargingSchedule: {
    startSchedule: '2026-11-25T10:00:00Z',
    chargingRateUnit: 'A' as const,
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 16 },
      { startPeriod: HOUR, limit: 10 },
    ],
  },
};
const installed: ChargerEvent[] = [
  ...aReadyZappi(),
  configured({ RandomSmartChargeDelay: '0' }),
  desired(profile),
  dispatched('w1', profile),
  accepted('w1', profile),
];
const doc = twinOf(installed);
const reads = driftReadsFor(doc);
const sameConfig: ConfigurationAnswer = {
  kind: 'answered',
  values: [
    { key: 'commercialmode', value: 'True' },
    { key: 'RandomSmartChargeDelay', value: '0' },
  ],
  unknownKeys: [],
};
const composite = (
  periods: { startPeriod: number; limit: number }[],
): Extract<CompositeAnswer, { kind: 'answered' }> => ({
  kind: 'answered',
  status: 'Accepted',
  scheduleStart: iso(T0),
  unit: 'A',
  durationSeconds: 86_400,
  periods,
});
const check = (configuration: ConfigurationAnswer, answer: CompositeAnswer) =>
  driftReport(doc, reads, { configuration, composite: answer }, T0, iso(T0));

describe('Drift report', () => {
  it('asks for the keys the twin holds and a day of connector 1 in the unit of the confirmed profiles', () => {
    expect(reads).toEqual({
      configurationKeys: ['CommercialMode', 'RandomSmartChargeDelay'],
      composite: { connectorId: 1, duration: 86_400, chargingRateUnit: 'A' },
    });
    const watts = { ...profile, chargingSchedule: { ...profile.chargingSchedule, chargingRateUnit: 'W' as const } };
    const generic = twinOf([
      registered('generic-ocpp16'),
      connected(),
      desired(watts),
      dispatched('w1', watts),
      accepted('w1', watts),
    ]);
    expect(driftReadsFor(generic).composite.chargingRateUnit).toBe('W');
  });

  it('is in agreement when the configuration and the composite match', () => {
    const report = check(
      sameConfig,
      composite([
        { startPeriod: 0, limit: 16 },
        { startPeriod: HOUR, limit: 10 },
      ]),
    );
    expect(report).toMatchObject({
      outcome: 'in-agreement',
      twinVersion: doc.version,
      configuration: { status: 'match', compared: 2 },
      schedule: { status: 'match', differences: [] },
    });
  });

  it('reports drift with the differing keys (a key the charger does not know shows as null)', () => {
    const answer: ConfigurationAnswer = {
      kind: 'answered',
      values: [{ key: 'CommercialMode', value: 'False' }],
      unknownKeys: ['RandomSmartChargeDelay'],
    };
    const report = check(
      answer,
      composite([
        { startPeriod: 0, limit: 16 },
        { startPeriod: HOUR, limit: 10 },
      ]),
    );
    expect(report.outcome).toBe('drift');
    expect(report.configuration.differences).toEqual([
      { key: 'CommercialMode', twin: 'True', device: 'False' },
      { key: 'RandomSmartChargeDelay', twin: '0', device: null },
    ]);
  });

  it('reports drift when the composite differs from what the confirmed profiles imply', () => {
    const report = check(sameConfig, composite([{ startPeriod: 0, limit: 16 }]));
    expect(report).toMatchObject({
      outcome: 'drift',
      schedule: {
        status: 'mismatch',
        differences: [{ fromSecond: HOUR, toSecond: 86_400, expected: 10, reported: 16 }],
      },
    });
  });

  it('treats zappi’s Accepted with empty periods as no information, not as a disagreement', () => {
    expect(check(sameConfig, composite([]))).toMatchObject({
      outcome: 'in-agreement',
      schedule: { status: 'no-information', reported: [] },
    });
    expect(check({ kind: 'unavailable', reason: 'offline' }, composite([])).outcome).toBe('inconclusive');
  });

  it('compares nothing it could not read (offline, Rejected), and says why', () => {
    const report = check(
      { kind: 'unavailable', reason: 'the charger is offline' },
      { kind: 'unavailable', reason: 'the charger is offline' },
    );
    expect(report).toMatchObject({
      outcome: 'inconclusive',
      configuration: { status: 'not-compared', reason: 'the charger is offline' },
      schedule: { status: 'not-compared', reported: null },
    });
    expect(report.schedule.expected).toEqual([
      { startPeriod: 0, limit: 16 },
      { startPeriod: HOUR, limit: 10 },
    ]);
    const rejected: CompositeAnswer = {
      kind: 'answered',
      status: 'Rejected',
      scheduleStart: null,
      unit: null,
      durationSeconds: null,
      periods: [],
    };
    expect(check(sameConfig, rejected).schedule).toMatchObject({
      status: 'not-compared',
      reason: expect.stringContaining('Rejected'),
    });
  });

  it('does not compare the schedule while a write awaits the charger’s answer', () => {
    const next = { ...profile, chargingProfileId: 2 };
    const pending = twinOf([...installed, desired(next), dispatched('w2', next)]);
    const report = driftReport(
      pending,
      driftReadsFor(pending),
      { configuration: sameConfig, composite: composite([{ startPeriod: 0, limit: 32 }]) },
      T0,
      iso(T0),
    );
    expect(report).toMatchObject({
      outcome: 'in-agreement',
      schedule: { status: 'not-compared', reason: expect.stringContaining('awaiting') },
    });
  });

  it('computes the expectation from the charger’s own schedule start', () => {
    const later: CompositeAnswer = {
      ...composite([{ startPeriod: 0, limit: 10 }]),
      scheduleStart: iso(T0 + HOUR * 1000),
    };
    expect(check(sameConfig, later)).toMatchObject({
      outcome: 'in-agreement',
      schedule: { scheduleStart: iso(T0 + HOUR * 1000), expected: [{ startPeriod: 0, limit: 10 }] },
    });
  });
});

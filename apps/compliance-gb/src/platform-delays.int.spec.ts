import { ComplianceEvaluateReply, complianceSubjects, CompliancePolicyView } from '@chargeplane/contracts-api';
import type { ComplianceEventOf } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { eventually } from '@chargeplane/platform-testing';
import { startComplianceHarness, TENANT, type ComplianceHarness } from './compliance-harness.spec-support.js';

const CHARGER = 'GB-DELAYS-1';
/** Whole seconds, UTC. */
const utc = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
const plus = (at: string, seconds: number) => new Date(Date.parse(at) + seconds * 1000).toISOString();

/**
 * From a minute before the test's clock: 0 A, 32 A from +30 min, 16 A from +1 h, for a day. Its rise, fall and end
 * lie ahead whatever the time of day the test runs; its start has passed (no relevant time).
 */
const profile: ChargingProfile = {
  chargingProfileId: 300,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: {
    startSchedule: utc(Date.now() - 60_000),
    duration: 86_400,
    chargingRateUnit: 'A',
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 0 },
      { startPeriod: 1800, limit: 32 },
      { startPeriod: 3600, limit: 16 },
    ],
  },
};

type Applied = ComplianceEventOf<'RandomisedDelayApplied'>;

describe('GET compliance shows the random delays compliance-gb drew (real NATS and PostgreSQL)', () => {
  let h: ComplianceHarness;
  beforeAll(async () => {
    h = await startComplianceHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const policy = () =>
    h.bus.request(complianceSubjects.policyGet, { tenantId: TENANT, chargerId: CHARGER }, CompliancePolicyView);
  const toPlatform = (maxDelaySeconds: number) =>
    h.bus.request(
      complianceSubjects.policyPut,
      {
        tenantId: TENANT,
        chargerId: CHARGER,
        body: {
          jurisdiction: 'GB',
          randomisedDelay: { mode: 'platform', maxDelaySeconds },
          ownerOverride: null,
          dsrAgreement: false,
          dsrResponseActive: false,
          offPeakDefault: { enabled: true },
        },
        actor: 'owner-delays',
      },
      CompliancePolicyView,
    );
  /** What profile-command does with an answer: the delivered profile becomes the desired one on the charger stream. */
  const desire = (chargingProfile: ChargingProfile) =>
    h.chargerEvent(CHARGER, 'ChargingProfileDesired', { connectorId: 1, chargingProfile });
  /** The stored draws for profile 300 decided under `maxDelaySeconds`, once the outbox relay has published them. */
  const storedDraw = (maxDelaySeconds: number) =>
    eventually(
      async () =>
        (await h.audit(CHARGER)).find(
          (e): e is Applied =>
            e.type === 'RandomisedDelayApplied' &&
            e.data.chargingProfileId === 300 &&
            e.data.maxDelaySeconds === maxDelaySeconds,
        ),
      15_000,
    );
  /** The policy view once it lists profile 300 drawn under `maxDelaySeconds`. */
  const shown = (maxDelaySeconds: number) =>
    eventually(async () => {
      const view = await policy();
      const entry = view.platformDelays.find((d) => d.chargingProfileId === 300);
      return entry?.maxDelaySeconds === maxDelaySeconds ? { view, entry } : undefined;
    }, 15_000);
  /** Each stored draw of the schedule, as GET must show it: nominal instant, moved by exactly the recorded delay. */
  const expectedBoundaries = (applied: Applied) =>
    applied.data.delays
      .filter((d) => !d.installation)
      .map((d) => ({
        change: d.change,
        nominalStartPeriod: d.nominalStartPeriod,
        nominalAt: d.nominalAt,
        delayedAt: plus(d.nominalAt!, d.delaySeconds),
        delaySeconds: d.delaySeconds,
        boundSeconds: d.boundSeconds,
        atWrite: false,
      }));

  it('lists a delayed profile once the charger stream carries it, each boundary with the delay the stored event carries', async () => {
    await h.chargerEvent(CHARGER, 'ChargerRegistered', {
      tenantId: TENANT,
      model: 'zappi',
      jurisdiction: 'GB',
      tags: [],
      credentialsHash: 'scrypt$00$11',
    });
    await h.chargerEvent(CHARGER, 'ChargerConfigurationReported', {
      values: { RandomSmartChargeDelay: '600', CommercialMode: 'True' },
      unknownKeys: [],
    });
    const device = await eventually(() => policy().catch(() => undefined), 15_000);
    expect(device.platformDelays).toEqual([]);
    expect((await toPlatform(600)).platformDelayActive).toBe(true);

    const reply = await h.bus.request(
      complianceSubjects.evaluate,
      { tenantId: TENANT, chargerId: CHARGER, connectorId: 1, chargingProfile: profile },
      ComplianceEvaluateReply,
    );
    expect(reply.exemption).toBeNull();
    // Drawn, but not desired yet (profile-command has not stored the answer): nothing the charger will hold.
    expect((await policy()).platformDelays.filter((d) => d.chargingProfileId === 300)).toEqual([]);
    await desire(reply.chargingProfile);

    const applied = await storedDraw(600);
    const { entry } = await shown(600);
    expect(entry).toMatchObject({
      connectorId: 1,
      drawnAt: applied.occurredAt,
      repeatsEverySeconds: null,
      redrawAt: null,
    });
    const schedule = entry.boundaries.filter((b) => !b.atWrite);
    expect(schedule).toEqual(expectedBoundaries(applied));
    expect(schedule.map((b) => b.nominalStartPeriod)).toEqual([1800, 3600, 86_400]);
    // The answer profile-command got carries the same draws.
    expect(reply.delays.map((d) => d.delaySeconds)).toEqual(applied.data.delays.map((d) => d.delaySeconds));
  });

  it('shows the new draws once a changed maximum re-delayed the profile and profile-command stored it', async () => {
    const before = h.asked.profiles.length;
    await toPlatform(120);
    const redelayed = await eventually(
      async () =>
        h.asked.profiles
          .slice(before)
          .find(
            (r) =>
              r.chargerId === CHARGER && r.origin === 'compliance-delay' && r.chargingProfile.chargingProfileId === 300,
          ),
      15_000,
    );
    await desire(redelayed.chargingProfile);
    const applied = await storedDraw(120);
    expect(applied.data.trigger).toBe('policy-changed');
    const { view, entry } = await shown(120);
    expect(view.randomisedDelay.maxDelaySeconds).toBe(120);
    expect(entry.boundaries.filter((b) => !b.atWrite)).toEqual(expectedBoundaries(applied));
    expect(entry.boundaries.every((b) => b.delaySeconds <= 120)).toBe(true);
  });
});

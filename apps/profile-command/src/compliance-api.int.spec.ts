import {
  ComplianceEvaluateAnyRequest,
  ComplianceEvaluateRequest,
  CompliancePolicyGetRequest,
  CompliancePolicyPutRequest,
  ComplianceReportRequest,
  complianceSubjects,
  type ComplianceEvaluateRemovalReply,
  type ComplianceEvaluateReply,
  type ComplianceFleetReport,
  type CompliancePolicyView,
} from '@chargeplane/contracts-api';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { ProfileRefusedError } from '@chargeplane/contracts-api';
import { aTxDefaultProfileBody, utcMidnight } from '@chargeplane/platform-testing';
import type { Subscription } from '@nats-io/transport-node';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

// Starts at the next UTC midnight of the test's clock: its rise at 3600 s always lies ahead.
const profile = aTxDefaultProfileBody(7, {
  schedule: {
    startSchedule: utcMidnight(1),
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 0 },
      { startPeriod: 3600, limit: 32 },
    ],
  },
});
/** compliance-gb is made to report the profile's rise delayed by 137 s. */
const risesAtMs = Date.parse(profile.chargingProfile.chargingSchedule.startSchedule) + 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const rise = { change: 'increase', nominalStartPeriod: 3600, delaySeconds: 137, boundSeconds: 600 } as const;
const delayedRise = { ...rise, nominalAt: iso(risesAtMs), delayedAt: iso(risesAtMs + 137_000), atWrite: false };
const drawn = { chargingProfileId: 7, connectorId: 1, maxDelaySeconds: 600, repeatsEverySeconds: null, redrawAt: null };
const view = (chargerId: string, version = 3): CompliancePolicyView => ({
  jurisdiction: 'GB',
  randomisedDelay: { mode: 'platform', maxDelaySeconds: 600 },
  ownerOverride: null,
  dsrAgreement: false,
  dsrResponseActive: false,
  offPeakDefault: { enabled: true, ownerChoice: null },
  chargerId,
  status: 'compliant',
  reasons: [],
  platformDelayActive: true,
  deviceDelay: { reportedValue: '0', pendingValue: null },
  offPeakDefaultProfile: null,
  platformDelays: [{ ...drawn, drawnAt: iso(risesAtMs - 86_400_000), boundaries: [delayedRise] }],
  version,
});

describe('profile-command GB compliance routes (real PostgreSQL and NATS, compliance-gb stood in for)', () => {
  let t: TestApp;
  let keyA: string;
  let keyB: string;
  const standIns: Subscription[] = [];
  const forwarded: unknown[] = [];
  const call: TestApp['call'] = (...args) => t.call(...args);

  beforeAll(async () => {
    t = await startTestApp({ COMPLIANCE_STUB: 'off' });
    keyA = String((await call('POST', '/v1/tenants', adminKey, { name: 'A' })).body['apiKey']);
    keyB = String((await call('POST', '/v1/tenants', adminKey, { name: 'B' })).body['apiKey']);
    expect(
      (await call('POST', '/v1/chargers', keyA, { chargerId: 'GB-P1', model: 'zappi', jurisdiction: 'GB' })).status,
    ).toBe(201);
    expect((await call('POST', '/v1/chargers', keyA, { chargerId: 'EU-P1', model: 'zappi' })).status).toBe(201);
  });
  afterEach(() => {
    for (const s of standIns.splice(0)) s.unsubscribe();
  });
  afterAll(async () => {
    await t?.stop();
  });

  const desiredProfiles = async (chargerId: string) =>
    (
      (await call('GET', `/v1/chargers/${chargerId}/events`, keyA)).body['items'] as {
        type: string;
        data: { chargingProfile: unknown };
      }[]
    ).filter((e) => e.type === 'ChargingProfileDesired');

  describe('storing a GB profile', () => {
    it('refuses with 503 UNAVAILABLE and stores nothing when compliance-gb does not answer', async () => {
      const res = await call('PUT', '/v1/chargers/GB-P1/charging-profiles/7', keyA, profile);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'UNAVAILABLE' });
      expect(await desiredProfiles('GB-P1')).toEqual([]);
    });

    it('stores and sends the profile compliance-gb returns (with its platform delays)', async () => {
      standIns.push(
        t.parts.bus.serve(
          complianceSubjects.evaluate,
          ComplianceEvaluateRequest,
          async (r): Promise<ComplianceEvaluateReply> => {
            forwarded.push(r);
            const periods = r.chargingProfile.chargingSchedule.chargingSchedulePeriod.map((p, i) =>
              i === 0 ? p : { ...p, startPeriod: p.startPeriod + 123 },
            );
            return {
              chargingProfile: {
                ...r.chargingProfile,
                chargingSchedule: { ...r.chargingProfile.chargingSchedule, chargingSchedulePeriod: periods },
              },
              delays: [{ startPeriod: 3723, nominalStartPeriod: 3600, delaySeconds: 123 }],
              exemption: null,
            };
          },
        ),
      );
      const res = await call('PUT', '/v1/chargers/GB-P1/charging-profiles/7', keyA, profile);
      expect(res.status).toBe(202);
      expect(forwarded.at(-1)).toMatchObject({
        chargerId: 'GB-P1',
        connectorId: 1,
        chargingProfile: { chargingProfileId: 7 },
      });
      const [desired] = await desiredProfiles('GB-P1');
      expect(desired?.data.chargingProfile).toMatchObject({
        chargingSchedule: { chargingSchedulePeriod: [{ startPeriod: 0 }, { startPeriod: 3723 }] },
      });
    });

    it('does not ask compliance-gb about a charger outside GB', async () => {
      expect((await call('PUT', '/v1/chargers/EU-P1/charging-profiles/7', keyA, profile)).status).toBe(202);
    });
  });

  describe('removing a GB profile (rule G1: a removal that lifts a limit is a relevant time)', () => {
    const eventsOf = async (chargerId: string) =>
      (
        (await call('GET', `/v1/chargers/${chargerId}/events`, keyA)).body['items'] as {
          type: string;
          data: { chargingProfileId?: number; chargingProfile?: ChargingProfile };
        }[]
      ).map((e) => ({ type: e.type, data: e.data }));
    /** compliance-gb stood in for: a removal is answered `reply`, a profile comes back unchanged. */
    const complianceAnswering = (reply: ComplianceEvaluateRemovalReply) =>
      standIns.push(
        t.parts.bus.serve(
          complianceSubjects.evaluate,
          ComplianceEvaluateAnyRequest,
          async (r): Promise<ComplianceEvaluateReply | ComplianceEvaluateRemovalReply> => {
            forwarded.push(r);
            return 'removeChargingProfileId' in r
              ? reply
              : { chargingProfile: r.chargingProfile, delays: [], exemption: null };
          },
        ),
      );
    const holding: ChargingProfile = {
      chargingProfileId: 7,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: {
        startSchedule: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
        duration: 321,
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
      },
    };

    it('refuses with 503 and removes nothing when compliance-gb does not answer', async () => {
      const res = await call('DELETE', '/v1/chargers/GB-P1/charging-profiles/7', keyA);
      expect(res).toMatchObject({ status: 503, body: { code: 'UNAVAILABLE' } });
      expect((await eventsOf('GB-P1')).some((e) => e.type === 'ChargingProfileRemovalDesired')).toBe(false);
    });

    it('desires the profile compliance-gb answers (holding the limit for its draw) instead of removing', async () => {
      complianceAnswering({
        replacement: { connectorId: 1, chargingProfile: holding },
        delays: [{ startPeriod: 321, nominalStartPeriod: 0, delaySeconds: 321 }],
        exemption: null,
      });
      const res = await call('DELETE', '/v1/chargers/GB-P1/charging-profiles/7', keyA);
      expect(res.status).toBe(202);
      expect(forwarded.at(-1)).toEqual({
        tenantId: expect.any(String),
        chargerId: 'GB-P1',
        removeChargingProfileId: 7,
      });
      const events = await eventsOf('GB-P1');
      expect(events.filter((e) => e.type === 'ChargingProfileDesired').at(-1)?.data.chargingProfile).toEqual(holding);
      expect(events.some((e) => e.type === 'ChargingProfileRemovalDesired')).toBe(false);
    });

    it('removes at once when compliance-gb answers no replacement', async () => {
      complianceAnswering({ replacement: null, delays: [], exemption: 'device-mode' });
      expect((await call('DELETE', '/v1/chargers/GB-P1/charging-profiles/7', keyA)).status).toBe(202);
      expect((await eventsOf('GB-P1')).filter((e) => e.type === 'ChargingProfileRemovalDesired')).toEqual([
        { type: 'ChargingProfileRemovalDesired', data: expect.objectContaining({ chargingProfileId: 7 }) },
      ]);
    });

    it('does not ask compliance-gb about a charger outside GB', async () => {
      const before = forwarded.length;
      expect((await call('DELETE', '/v1/chargers/EU-P1/charging-profiles/7', keyA)).status).toBe(202);
      expect(forwarded.length).toBe(before);
    });

    it('passes on a refusal of the delayed profile (its leading period does not fit) as 422 SLOTS_EXCEEDED', async () => {
      standIns.push(
        t.parts.bus.serve(complianceSubjects.evaluate, ComplianceEvaluateRequest, async () => {
          throw new ProfileRefusedError('SLOTS_EXCEEDED', 'needs 1 more period', { slotPool: 84 });
        }),
      );
      const res = await call('PUT', '/v1/chargers/GB-P1/charging-profiles/7', keyA, profile);
      expect(res).toMatchObject({ status: 422, body: { code: 'SLOTS_EXCEEDED', message: 'needs 1 more period' } });
    });
  });

  describe('GET/PUT /v1/chargers/{chargerId}/compliance', () => {
    it('forwards reads and changes for the tenant, with an ETag and If-Match as the expected version', async () => {
      const puts: CompliancePolicyPutRequest[] = [];
      standIns.push(
        t.parts.bus.serve(complianceSubjects.policyGet, CompliancePolicyGetRequest, async (r) => view(r.chargerId)),
        t.parts.bus.serve(
          complianceSubjects.policyPut,
          CompliancePolicyPutRequest,
          async (r) => (puts.push(r), view(r.chargerId, 4)),
        ),
      );
      const got = await call('GET', '/v1/chargers/GB-P1/compliance', keyA);
      expect(got).toMatchObject({
        status: 200,
        body: { chargerId: 'GB-P1', status: 'compliant', reasons: [] },
        headers: { etag: 'W/"3"' },
      });
      // The drawn delays pass through as compliance-gb reports them.
      expect(got.body['platformDelays']).toEqual(view('GB-P1').platformDelays);
      const body = {
        jurisdiction: 'GB',
        randomisedDelay: { mode: 'platform', maxDelaySeconds: 900 },
        ownerOverride: null,
        dsrAgreement: false,
        offPeakDefault: { enabled: true },
      };
      const put = await call('PUT', '/v1/chargers/GB-P1/compliance', keyA, body, { 'if-match': 'W/"3"' });
      expect(put).toMatchObject({ status: 200, headers: { etag: 'W/"4"' } });
      expect(puts[0]).toMatchObject({
        chargerId: 'GB-P1',
        expectedVersion: 3,
        body: { randomisedDelay: { maxDelaySeconds: 900 }, dsrResponseActive: false },
      });
      expect(puts[0]?.actor).toMatch(/^tenant:tnt_/);
    });

    it("answers 404 for another tenant's charger without asking compliance-gb, 422 for a bad body, 503 when compliance-gb is away", async () => {
      expect((await call('GET', '/v1/chargers/GB-P1/compliance', keyB)).status).toBe(404);
      const tooLong = {
        jurisdiction: 'GB',
        randomisedDelay: { mode: 'platform', maxDelaySeconds: 3600 },
        dsrAgreement: false,
        offPeakDefault: { enabled: true },
      };
      expect((await call('PUT', '/v1/chargers/GB-P1/compliance', keyA, tooLong)).body).toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      expect((await call('GET', '/v1/chargers/GB-P1/compliance', keyA)).status).toBe(503);
    });
  });

  describe('GET /v1/compliance/report', () => {
    it("returns the tenant's fleet report", async () => {
      const report: ComplianceFleetReport = {
        tenantId: 'x',
        total: 1,
        byStatus: { compliant: 1, 'non-compliant': 0 },
        byMode: { device: 0, platform: 1 },
        needingAttention: [],
        generatedAt: new Date().toISOString(),
      };
      standIns.push(
        t.parts.bus.serve(complianceSubjects.report, ComplianceReportRequest, async (r) => ({
          ...report,
          tenantId: r.tenantId,
        })),
      );
      const res = await call('GET', '/v1/compliance/report?limit=10', keyA);
      expect(res).toMatchObject({ status: 200, body: { total: 1, byMode: { platform: 1 } } });
    });
  });
});

import {
  ComplianceEvaluateRequest,
  CompliancePolicyGetRequest,
  CompliancePolicyPutRequest,
  ComplianceReportRequest,
  complianceSubjects,
  type ComplianceEvaluateReply,
  type ComplianceFleetReport,
  type CompliancePolicyView,
} from '@chargeplane/contracts-api';
import { utcMidnight } from '@chargeplane/platform-testing';
import type { Subscription } from '@nats-io/transport-node';
import { adminKey, startTestApp, type TestApp } from './test-app.spec-support.js';

// Starts at the next UTC midnight of the test's clock: its rise at 3600 s always lies ahead.
const profile = {
  connectorId: 1,
  chargingProfile: {
    chargingProfileId: 7,
    stackLevel: 0,
    chargingProfilePurpose: 'TxDefaultProfile',
    chargingProfileKind: 'Absolute',
    chargingSchedule: {
      startSchedule: utcMidnight(1),
      chargingRateUnit: 'A',
      chargingSchedulePeriod: [
        { startPeriod: 0, limit: 0 },
        { startPeriod: 3600, limit: 32 },
      ],
    },
  },
};
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

import {
  ComplianceEvaluateReply,
  ComplianceFleetReport,
  complianceSubjects,
  CompliancePolicyView,
} from '@chargeplane/contracts-api';
import type { ComplianceEventType } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { RequestError } from '@chargeplane/platform-messaging';
import { eventually, utcMidnight } from '@chargeplane/platform-testing';
import { startComplianceHarness, TENANT, type ComplianceHarness } from './compliance-harness.spec-support.js';

const registered = (jurisdiction: 'GB' | null = 'GB') => ({
  tenantId: TENANT,
  model: 'zappi',
  jurisdiction,
  tags: [],
  credentialsHash: 'scrypt$00$11',
});
const configured = (value: string | undefined) => ({
  values: value === undefined ? {} : { RandomSmartChargeDelay: value, CommercialMode: 'True' },
  unknownKeys: [],
});
/** Daily from yesterday's UTC midnight of the test's clock (fixed for the run, so every cpoDaily() is equal). */
const DAILY_FROM = utcMidnight(-1);
/** A CPO's Recurring Daily TxProfile-free default: 32 A from 00:30 to 07:00 UTC (SMART-CHARGING.md §7). */
const cpoDaily = (id = 100): ChargingProfile => ({
  chargingProfileId: id,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Recurring',
  recurrencyKind: 'Daily',
  chargingSchedule: {
    duration: 86_400,
    startSchedule: DAILY_FROM,
    chargingRateUnit: 'A',
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 0 },
      { startPeriod: 1800, limit: 32 },
      { startPeriod: 25_200, limit: 0 },
    ],
  },
});
const platformBody = {
  jurisdiction: 'GB',
  randomisedDelay: { mode: 'platform', maxDelaySeconds: 600 },
  ownerOverride: null,
  dsrAgreement: false,
  offPeakDefault: { enabled: true },
};

describe('compliance-gb (real NATS and PostgreSQL)', () => {
  let h: ComplianceHarness;
  beforeAll(async () => {
    h = await startComplianceHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const policy = (chargerId: string) =>
    h.bus.request(complianceSubjects.policyGet, { tenantId: TENANT, chargerId }, CompliancePolicyView);
  const auditTypes = async (chargerId: string) => (await h.audit(chargerId)).map((e) => e.type);
  const waitForAudit = (chargerId: string, type: ComplianceEventType) =>
    eventually(async () => ((await auditTypes(chargerId)).includes(type) ? auditTypes(chargerId) : undefined), 15_000);

  describe('policy', () => {
    it('creates the policy of a GB charger from its registration (defaults), and none for another charger', async () => {
      await h.chargerEvent('GB-1', 'ChargerRegistered', registered());
      await h.chargerEvent('XX-1', 'ChargerRegistered', registered(null));
      const view = await eventually(() => policy('GB-1').catch(() => undefined), 15_000);
      expect(view).toMatchObject({
        jurisdiction: 'GB',
        randomisedDelay: { mode: 'device', maxDelaySeconds: 600 },
        ownerOverride: null,
        dsrAgreement: false,
        offPeakDefault: { enabled: true, ownerChoice: null },
      });
      expect(view.status).toBe('non-compliant');
      expect(view.reasons).toContain('device-delay-unverified');
      await expect(policy('XX-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('answers another tenant with NOT_FOUND and a stale If-Match with PRECONDITION_FAILED', async () => {
      await expect(
        h.bus.request(
          complianceSubjects.policyGet,
          { tenantId: 'someone-else', chargerId: 'GB-1' },
          CompliancePolicyView,
        ),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const put = h.bus.request(
        complianceSubjects.policyPut,
        {
          tenantId: TENANT,
          chargerId: 'GB-1',
          body: { ...platformBody, randomisedDelay: { mode: 'device', maxDelaySeconds: 900 } },
          actor: 'ops',
          expectedVersion: 0,
        },
        CompliancePolicyView,
      );
      await expect(put).rejects.toBeInstanceOf(RequestError);
      await expect(put).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    });
  });

  describe("the charger's own delay in device mode", () => {
    it('flags a charger whose RandomSmartChargeDelay reads 0, asks profile-command to restore it, and audits each step on JetStream', async () => {
      await h.chargerEvent('GB-2', 'ChargerRegistered', registered());
      await h.chargerEvent('GB-2', 'ChargerConfigurationReported', configured('0'));
      const request = await eventually(async () => h.asked.configuration.find((r) => r.chargerId === 'GB-2'), 15_000);
      expect(request).toMatchObject({
        tenantId: TENANT,
        key: 'RandomSmartChargeDelay',
        value: '600',
        reason: 'gb-compliance:device-delay-disabled',
      });
      expect((await policy('GB-2')).reasons).toContain('device-delay-disabled');
      await h.chargerEvent('GB-2', 'ChargerConfigurationChanged', {
        writeId: 'w-9',
        key: 'RandomSmartChargeDelay',
        value: '600',
        status: 'Accepted',
      });
      const types = await waitForAudit('GB-2', 'DeviceDelayChangeConfirmed');
      const inOrder = (
        [
          'CompliancePolicyCreated',
          'DeviceDelayChecked',
          'DeviceDelayChangeRequested',
          'DeviceDelayChangeConfirmed',
        ] as const
      ).map((t) => types.indexOf(t));
      expect(inOrder.every((i) => i >= 0)).toBe(true);
      expect([...inOrder].sort((a, b) => a - b)).toEqual(inOrder);
      expect(types).toContain('OffPeakDefaultIssued');
      const view = await eventually(async () => {
        const v = await policy('GB-2');
        return v.status === 'compliant' ? v : undefined;
      }, 15_000);
      expect(view.deviceDelay).toEqual({ reportedValue: '600', pendingValue: null });
    });

    it('keeps a default off-peak TxDefaultProfile (reserved id) and withdraws it once the CPO desires its own', async () => {
      await h.chargerEvent('GB-3', 'ChargerRegistered', registered());
      const issued = await eventually(
        async () => h.asked.profiles.find((r) => r.chargerId === 'GB-3' && r.origin === 'compliance-default'),
        15_000,
      );
      expect(issued).toMatchObject({
        connectorId: 1,
        chargingProfile: {
          chargingProfileId: 2_000_000_001,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Absolute',
        },
      });
      await h.chargerEvent('GB-3', 'ChargingProfileDesired', {
        connectorId: 1,
        chargingProfile: issued.chargingProfile,
      });
      await h.chargerEvent('GB-3', 'ChargingProfileDesired', { connectorId: 1, chargingProfile: cpoDaily() });
      const removal = await eventually(async () => h.asked.removals.find((r) => r.chargerId === 'GB-3'), 15_000);
      expect(removal).toMatchObject({ chargingProfileId: 2_000_000_001, origin: 'compliance-default' });
      await waitForAudit('GB-3', 'OffPeakDefaultWithdrawn');
      const audit = await h.audit('GB-3');
      expect(audit.find((e) => e.type === 'OffPeakDefaultIssued')?.data).toMatchObject({
        nextWriteReason: expect.any(String),
        status: 'dispatched',
      });
      expect(audit.find((e) => e.type === 'OffPeakDefaultWithdrawn')?.data).toMatchObject({
        reason: 'cpo-tx-default-profile',
      });
    });
  });

  describe('when profile-command does not manage to answer', () => {
    it('records nothing, and the scheduler asks again after the retry interval', async () => {
      h.asked.failingFor.add('GB-5');
      await h.chargerEvent('GB-5', 'ChargerRegistered', registered());
      await eventually(
        async () =>
          (await policy('GB-5').catch(() => null))?.reasons.includes('off-peak-default-missing') ? true : undefined,
        15_000,
      );
      expect(h.asked.profiles.filter((r) => r.chargerId === 'GB-5')).toEqual([]);
      h.asked.failingFor.delete('GB-5');
      const issued = await eventually(async () => h.asked.profiles.find((r) => r.chargerId === 'GB-5'), 20_000);
      expect(issued.origin).toBe('compliance-default');
      expect(await waitForAudit('GB-5', 'OffPeakDefaultIssued')).toEqual([
        'CompliancePolicyCreated',
        'OffPeakDefaultIssued',
      ]);
    });
  });

  describe('platform mode', () => {
    it('re-delays the profiles desired before the switch, and sets the key to 0 only once the charger confirmed them', async () => {
      await h.chargerEvent('GB-4', 'ChargerRegistered', registered());
      await h.chargerEvent('GB-4', 'ChargerConfigurationReported', configured('600'));
      await h.chargerEvent('GB-4', 'ChargingProfileDesired', { connectorId: 1, chargingProfile: cpoDaily() });
      await h.chargerEvent('GB-4', 'ChargingProfileAccepted', {
        writeId: 'w1',
        chargingProfileId: 100,
        connectorId: 1,
        chargingProfile: cpoDaily(),
      });
      await eventually(
        async () => ((await auditTypes('GB-4')).includes('CpoTxDefaultProfileObserved') ? true : undefined),
        15_000,
      );
      const view = await h.bus.request(
        complianceSubjects.policyPut,
        { tenantId: TENANT, chargerId: 'GB-4', body: platformBody, actor: 'owner-4' },
        CompliancePolicyView,
      );
      expect(view).toMatchObject({ randomisedDelay: { mode: 'platform' }, platformDelayActive: true });
      const redelayed = await eventually(
        async () => h.asked.profiles.find((r) => r.chargerId === 'GB-4' && r.origin === 'compliance-delay'),
        15_000,
      );
      expect(redelayed.ifDesired).toEqual(cpoDaily());
      expect(redelayed.chargingProfile.chargingSchedule.chargingSchedulePeriod).toHaveLength(3);
      expect(redelayed.chargingProfile).not.toEqual(cpoDaily());
      expect(h.asked.configuration.filter((r) => r.chargerId === 'GB-4')).toEqual([]);
      // profile-command stores and the charger accepts the delayed profile.
      await h.chargerEvent('GB-4', 'ChargingProfileDesired', {
        connectorId: 1,
        chargingProfile: redelayed.chargingProfile,
      });
      await h.chargerEvent('GB-4', 'ChargingProfileAccepted', {
        writeId: 'w2',
        chargingProfileId: 100,
        connectorId: 1,
        chargingProfile: redelayed.chargingProfile,
      });
      const zero = await eventually(async () => h.asked.configuration.find((r) => r.chargerId === 'GB-4'), 15_000);
      expect(zero).toMatchObject({
        key: 'RandomSmartChargeDelay',
        value: '0',
        reason: 'gb-compliance:platform-delay-active',
      });
      const applied = (await h.audit('GB-4')).find((e) => e.type === 'RandomisedDelayApplied');
      expect(applied?.data).toMatchObject({
        trigger: 'platform-activation',
        randomSource: 'seeded-sfc32:2026',
        maxDelaySeconds: 600,
      });
    });

    it('answers compliance.gb.evaluate with the delayed profile and records each delay', async () => {
      const nominal = cpoDaily(101);
      const reply = await h.bus.request(
        complianceSubjects.evaluate,
        { tenantId: TENANT, chargerId: 'GB-4', connectorId: 1, chargingProfile: nominal },
        ComplianceEvaluateReply,
      );
      expect(reply.exemption).toBeNull();
      expect(reply.delays.map((d) => d.nominalStartPeriod)).toEqual([1800, 25_200]);
      expect(
        reply.delays.every(
          (d) =>
            d.delaySeconds >= 0 && d.delaySeconds <= 600 && d.startPeriod === d.nominalStartPeriod + d.delaySeconds,
        ),
      ).toBe(true);
      expect(reply.refreshAt).toEqual(expect.any(String));
      const again = await h.bus.request(
        complianceSubjects.evaluate,
        { tenantId: TENANT, chargerId: 'GB-4', connectorId: 1, chargingProfile: nominal },
        ComplianceEvaluateReply,
      );
      expect(again).toMatchObject({ chargingProfile: reply.chargingProfile, exemption: 'equivalent-delay-applied' });
      const audit = await waitForAudit('GB-4', 'RandomisedDelayExempted');
      expect(audit.filter((t) => t === 'RandomisedDelayApplied').length).toBeGreaterThanOrEqual(2);
    });

    it('answers device-mode for a GB charger in device mode and for one it does not know yet', async () => {
      for (const chargerId of ['GB-1', 'NOT-YET-KNOWN']) {
        const reply = await h.bus.request(
          complianceSubjects.evaluate,
          { tenantId: TENANT, chargerId, connectorId: 1, chargingProfile: cpoDaily() },
          ComplianceEvaluateReply,
        );
        expect(reply).toMatchObject({ chargingProfile: cpoDaily(), delays: [], exemption: 'device-mode' });
      }
    });
  });

  describe('fleet report', () => {
    it('counts GB chargers by status and mode and lists those needing attention', async () => {
      const report = await h.bus.request(complianceSubjects.report, { tenantId: TENANT }, ComplianceFleetReport);
      expect(report.total).toBe(5);
      expect(report.byMode).toEqual({ device: 4, platform: 1 });
      expect(report.byStatus.compliant + report.byStatus['non-compliant']).toBe(5);
      expect(report.needingAttention.map((c) => c.chargerId)).toContain('GB-1');
      expect(report.needingAttention.find((c) => c.chargerId === 'GB-1')?.reasons).toContain('device-delay-unverified');
    });
  });
});

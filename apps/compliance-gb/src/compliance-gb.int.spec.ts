import {
  ComplianceEvaluateRemovalReply,
  ComplianceEvaluateReply,
  ComplianceFleetReport,
  complianceSubjects,
  CompliancePolicyView,
} from '@chargeplane/contracts-api';
import type { ComplianceEventType } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { RequestError } from '@chargeplane/platform-messaging';
import { eventually } from '@chargeplane/platform-testing';
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
/** Whole seconds, UTC. */
const utc = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
/**
 * Anchored 12 h before the test's clock: its boundaries (anchor + 30 min, + 7 h) lie hours from now, so no
 * evaluation here meets one of them at the moment of installation, whatever the time of day the test runs.
 */
const DAILY_ANCHOR = utc(Date.now() - 12 * 3_600_000);
/** A CPO's Recurring Daily TxDefaultProfile: 32 A from anchor + 30 min to + 7 h, else 0 A */
const cpoDaily = (id = 100): ChargingProfile => ({
  chargingProfileId: id,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Recurring',
  recurrencyKind: 'Daily',
  chargingSchedule: {
    duration: 86_400,
    startSchedule: DAILY_ANCHOR,
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
      // Reg 10 (rule G4): the default counts once the charger accepted it, not when it was issued.
      expect((await policy('GB-2')).reasons).toEqual(['off-peak-default-unconfirmed']);
      const offPeak = h.asked.profiles.find((r) => r.chargerId === 'GB-2' && r.origin === 'compliance-default')!;
      await h.chargerEvent('GB-2', 'ChargingProfileDesired', {
        connectorId: 1,
        chargingProfile: offPeak.chargingProfile,
      });
      await h.chargerEvent('GB-2', 'ChargingProfileAccepted', {
        writeId: 'w-10',
        chargingProfileId: offPeak.chargingProfile.chargingProfileId,
        connectorId: 1,
        chargingProfile: offPeak.chargingProfile,
      });
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

  describe('platform mode: a write that changes the limit in force is a relevant time (rule G1)', () => {
    /** A TxDefaultProfile from a minute before the test's clock, one open-ended period. */
    const flat = (id: number, limit: number): ChargingProfile => ({
      chargingProfileId: id,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Absolute',
      chargingSchedule: {
        startSchedule: utc(Date.now() - 60_000),
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit }],
      },
    });
    const confirm = async (chargerId: string, profile: ChargingProfile, writeId: string) => {
      await h.chargerEvent(chargerId, 'ChargingProfileDesired', { connectorId: 1, chargingProfile: profile });
      await h.chargerEvent(chargerId, 'ChargingProfileAccepted', {
        writeId,
        chargingProfileId: profile.chargingProfileId,
        connectorId: 1,
        chargingProfile: profile,
      });
    };
    const removal = (chargerId: string, removeChargingProfileId: number) =>
      h.bus.request(
        complianceSubjects.evaluate,
        { tenantId: TENANT, chargerId, removeChargingProfileId },
        ComplianceEvaluateRemovalReply,
      );
    const toPlatform = (chargerId: string, maxDelaySeconds: number) =>
      h.bus.request(
        complianceSubjects.policyPut,
        {
          tenantId: TENANT,
          chargerId,
          body: { ...platformBody, randomisedDelay: { mode: 'platform', maxDelaySeconds } },
          actor: 'owner-6',
        },
        CompliancePolicyView,
      );
    const held = (p: ChargingProfile) => p.chargingSchedule.chargingSchedulePeriod[0]!.limit;
    /** The last delay decision for a profile id, once the outbox relay has published it. */
    const lastApplied = (chargerId: string, chargingProfileId: number) =>
      eventually(
        async () =>
          (await h.audit(chargerId))
            .filter((e) => e.type === 'RandomisedDelayApplied' && e.data.chargingProfileId === chargingProfileId)
            .at(-1),
        15_000,
      );

    beforeAll(async () => {
      await h.chargerEvent('GB-6', 'ChargerRegistered', registered());
      await h.chargerEvent('GB-6', 'ChargerConfigurationReported', configured('600'));
      await confirm('GB-6', flat(100, 16), 'w1');
      await eventually(
        async () => ((await auditTypes('GB-6')).includes('CpoTxDefaultProfileObserved') ? true : undefined),
        15_000,
      );
      await toPlatform('GB-6', 600);
    });

    it('holds the limit the charger confirmed (16 A) for a drawn delay before a profile lowering it to 6 A takes over', async () => {
      const reply = await h.bus.request(
        complianceSubjects.evaluate,
        { tenantId: TENANT, chargerId: 'GB-6', connectorId: 1, chargingProfile: flat(101, 6) },
        ComplianceEvaluateReply,
      );
      const [draw] = reply.delays;
      expect(reply.delays).toHaveLength(1);
      expect(draw!.delaySeconds).toBeLessThanOrEqual(600);
      if (draw!.delaySeconds > 0) {
        expect(reply.chargingProfile.chargingSchedule.chargingSchedulePeriod).toEqual([
          { startPeriod: 0, limit: 16 },
          { startPeriod: draw!.delaySeconds, limit: 6 },
        ]);
      }
      const applied = await lastApplied('GB-6', 101);
      expect(applied.data).toMatchObject({
        chargingProfileId: 101,
        delays: [{ change: 'decrease', installation: { method: 'hold', limitBefore: 16, limitAfter: 6 } }],
      });
    });

    it('answers a DELETE that lifts the limit with a profile holding it for its own draw, and audits the draw', async () => {
      const reply = await removal('GB-6', 100);
      const [draw] = reply.delays;
      expect(reply.exemption).toBeNull();
      expect(draw!.delaySeconds).toBeLessThanOrEqual(600);
      if (draw!.delaySeconds > 0) {
        expect(reply.replacement).toMatchObject({ connectorId: 1 });
        expect(reply.replacement!.chargingProfile.chargingSchedule).toMatchObject({
          duration: draw!.delaySeconds,
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }],
        });
      } else expect(reply.replacement).toBeNull();
      const applied = await lastApplied('GB-6', 100);
      expect(applied.data).toMatchObject({
        chargingProfileId: 100,
        removal: true,
        delays: [{ change: 'increase', installation: { method: 'removal', limitBefore: 16, limitAfter: null } }],
      });
    });

    it('asks profile-command to remove the holding profile once it has run out', async () => {
      await toPlatform('GB-6', 2);
      // Draws of 0..2 s: ask until one is held (a 0 means "remove now").
      let reply = await removal('GB-6', 100);
      for (let i = 0; i < 12 && reply.replacement === null; i++) reply = await removal('GB-6', 100);
      expect(reply.replacement).not.toBeNull();
      await confirm('GB-6', reply.replacement!.chargingProfile, 'w2');
      const removed = await eventually(
        async () => h.asked.removals.find((r) => r.chargerId === 'GB-6' && r.origin === 'compliance-delay'),
        15_000,
      );
      expect(removed).toMatchObject({ chargingProfileId: 100 });
      expect(held(reply.replacement!.chargingProfile)).toBe(16);
    });

    it('answers a removal of a profile the charger never confirmed: remove now, nothing drawn', async () => {
      expect(await removal('GB-6', 555)).toEqual({ replacement: null, delays: [], exemption: null });
    });

    it("withdraws the off-peak default the charger accepted after the withdrawal's own draw", async () => {
      await h.chargerEvent('GB-7', 'ChargerRegistered', registered());
      await h.chargerEvent('GB-7', 'ChargerConfigurationReported', configured('600'));
      const defaults = () =>
        h.asked.profiles.filter((r) => r.chargerId === 'GB-7' && r.origin === 'compliance-default');
      const first = await eventually(async () => defaults()[0], 15_000);
      await confirm('GB-7', first.chargingProfile, 'w0');
      await eventually(async () => ((await policy('GB-7')).reasons.length === 0 ? true : undefined), 15_000);
      await toPlatform('GB-7', 600);
      // In platform mode the default is issued again with platform delays: the charger accepts that one.
      const delayed = await eventually(async () => (defaults().length > 1 ? defaults().at(-1) : undefined), 15_000);
      await confirm('GB-7', delayed.chargingProfile, 'w1');
      const asked = defaults().length;
      await h.bus.request(
        complianceSubjects.policyPut,
        {
          tenantId: TENANT,
          chargerId: 'GB-7',
          body: { ...platformBody, offPeakDefault: { enabled: false } },
          actor: 'owner-7',
        },
        CompliancePolicyView,
      );
      await waitForAudit('GB-7', 'OffPeakDefaultWithdrawn');
      const drawn = await lastApplied('GB-7', 2_000_000_001);
      expect(drawn.data).toMatchObject({ removal: true, trigger: 'off-peak-default' });
      const d = drawn.type === 'RandomisedDelayApplied' ? drawn.data.delays[0]!.delaySeconds : -1;
      if (d > 0) {
        // The default is replaced by a profile holding its current limit for the draw, not removed at once.
        const holding = defaults()[asked]!;
        expect(holding.chargingProfile.chargingSchedule).toMatchObject({ duration: d });
        expect(holding.chargingProfile.chargingSchedule.chargingSchedulePeriod).toHaveLength(1);
        expect(h.asked.removals.filter((r) => r.chargerId === 'GB-7')).toEqual([]);
      } else {
        expect(h.asked.removals.filter((r) => r.chargerId === 'GB-7')).toHaveLength(1);
      }
    });
  });

  describe('fleet report', () => {
    it('counts GB chargers by status and mode and lists those needing attention', async () => {
      const report = await h.bus.request(complianceSubjects.report, { tenantId: TENANT }, ComplianceFleetReport);
      expect(report.total).toBe(7);
      expect(report.byMode).toEqual({ device: 4, platform: 3 });
      expect(report.byStatus.compliant + report.byStatus['non-compliant']).toBe(7);
      expect(report.needingAttention.map((c) => c.chargerId)).toContain('GB-1');
      expect(report.needingAttention.find((c) => c.chargerId === 'GB-1')?.reasons).toContain('device-delay-unverified');
    });
  });
});

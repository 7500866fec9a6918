import { PlatformError, ProfileRefusedError } from '@chargeplane/contracts-api';
import { OFF_PEAK_DEFAULT_PROFILE_ID } from '@chargeplane/contracts-events';
import { ChargerRegistration } from './charger-registration.js';
import { ChargingProfileCommands } from './charging-profile-commands.js';
import { aProfile, chargerRig, FakeGbEvaluator, T0 } from './use-cases.spec-support.js';

const tenantA = { tenantId: 'tenant-A', correlationId: 'c-1' };
const tenantB = { tenantId: 'tenant-B', correlationId: 'c-2' };

async function given(options: { jurisdiction?: 'GB' } = {}) {
  const rig = chargerRig();
  const evaluator = new FakeGbEvaluator();
  const commands = new ChargingProfileCommands(rig.service, rig.ownership, evaluator, { now: () => T0 });
  await new ChargerRegistration(rig.service, rig.streams, 'ws://edge/ocpp', rig.credentials).register(tenantA, {
    chargerId: 'Z-1',
    model: 'zappi',
    tags: [],
    password: 'a-password-of-16-chars',
    ...options,
  });
  return { ...rig, evaluator, commands };
}
const put = (profile = aProfile()) => ({ connectorId: 1, chargingProfile: profile });

describe('ChargingProfileCommands', () => {
  describe('tenant ownership', () => {
    it("given tenant A's charger, when tenant B puts a profile, then NOT_FOUND and nothing is appended", async () => {
      const { commands, streams } = await given();
      await expect(commands.put(tenantB, 'Z-1', 7, put())).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(commands.remove(tenantB, 'Z-1', 7)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(streams.typesOf('Z-1')).toEqual(['ChargerRegistered']);
    });

    it('given no such charger, when a profile is put, then NOT_FOUND', async () => {
      const { commands } = await given();
      await expect(commands.put(tenantA, 'NOPE', 7, put())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });

  describe('the request itself', () => {
    it('given a body whose profile id differs from the path, when put, then VALIDATION_FAILED', async () => {
      const { commands } = await given();
      await expect(commands.put(tenantA, 'Z-1', 8, put())).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it("given the off-peak default's reserved id, when the CPO puts it, then VALIDATION_FAILED", async () => {
      const { commands } = await given();
      const reserved = put(aProfile(OFF_PEAK_DEFAULT_PROFILE_ID));
      await expect(commands.put(tenantA, 'Z-1', OFF_PEAK_DEFAULT_PROFILE_ID, reserved)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    });
  });

  describe('status derivation', () => {
    it('given an offline charger, when a profile is put, then awaiting-connection at the new stream version; a repeat is unchanged', async () => {
      const { commands, streams } = await given();
      const first = await commands.put(tenantA, 'Z-1', 7, put());
      expect(first).toEqual({
        chargerId: 'Z-1',
        chargingProfileId: 7,
        status: 'awaiting-connection',
        deferredUntil: null,
        version: await streams.version('Z-1'),
      });
      const repeat = await commands.put(tenantA, 'Z-1', 7, put());
      expect(repeat).toMatchObject({ status: 'unchanged', version: first.version });
      expect(await commands.stillPending('Z-1', 7)).toBe(true);
    });
  });

  describe('refusals', () => {
    it('given a zappi (84 slots), when an 85-period profile is put, then its refusal code is the error code at the top level', async () => {
      const { commands, streams } = await given();
      const failure = await commands.put(tenantA, 'Z-1', 7, put(aProfile(7, 16, 85))).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ProfileRefusedError);
      expect(failure).toMatchObject({ code: 'TOO_MANY_PERIODS', details: { reason: 'TOO_MANY_PERIODS' } });
      expect(streams.typesOf('Z-1')).not.toContain('ChargingProfileDesired');
    });
  });

  describe('If-Match (the stream version the caller saw)', () => {
    it('given the stream moved on since the caller read it, when a change expects the older version, then PRECONDITION_FAILED and nothing is appended', async () => {
      const { commands, streams } = await given();
      const read = await streams.version('Z-1');
      const { version } = await commands.put(tenantA, 'Z-1', 7, put());
      const stale = commands.put(tenantA, 'Z-1', 7, put(aProfile(7, 10)), { ifMatch: read });
      await expect(stale).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', details: { version } });
      await expect(commands.remove(tenantA, 'Z-1', 7, { ifMatch: read })).rejects.toMatchObject({
        code: 'PRECONDITION_FAILED',
      });
      expect(await streams.version('Z-1')).toBe(version);
    });

    it("given the version a PUT answered, when the next change expects it, then it is applied and answers the stream's new version", async () => {
      const { commands, streams } = await given();
      const { version } = await commands.put(tenantA, 'Z-1', 7, put());
      const answer = await commands.put(tenantA, 'Z-1', 7, put(aProfile(7, 10)), { ifMatch: version });
      expect(answer.version).toBe(await streams.version('Z-1'));
      expect(answer.version).toBeGreaterThan(version);
      const removed = await commands.remove(tenantA, 'Z-1', 7, { ifMatch: answer.version });
      expect(removed.version).toBe(await streams.version('Z-1'));
    });
  });

  describe('GB evaluation (reg 11)', () => {
    it("given a GB charger, when a profile is put, then compliance-gb's evaluated profile is the one stored", async () => {
      const { commands, evaluator, streams } = await given({ jurisdiction: 'GB' });
      evaluator.answer = (r) => aProfile(r.chargingProfile.chargingProfileId, 6);
      await commands.put(tenantA, 'Z-1', 7, put());
      expect(evaluator.asked).toEqual([
        { tenantId: 'tenant-A', chargerId: 'Z-1', connectorId: 1, chargingProfile: aProfile() },
      ]);
      const desired = (await streams.read('Z-1', 1)).find((e) => e.type === 'ChargingProfileDesired');
      expect(desired?.data).toMatchObject({ chargingProfile: aProfile(7, 6) });
    });

    it('given a GB charger and compliance-gb not answering, when a profile is put, then UNAVAILABLE and nothing is stored', async () => {
      const { commands, evaluator, streams } = await given({ jurisdiction: 'GB' });
      evaluator.answer = 'unavailable';
      await expect(commands.put(tenantA, 'Z-1', 7, put())).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect(streams.typesOf('Z-1')).toEqual(['ChargerRegistered']);
    });

    it('given a charger outside GB, when a profile is put, then compliance-gb is not asked', async () => {
      const { commands, evaluator } = await given();
      await commands.put(tenantA, 'Z-1', 7, put());
      expect(evaluator.asked).toEqual([]);
    });
  });

  describe('GB removal (rule G1: a removal that changes the limit in force is held back)', () => {
    it("given a GB charger, when the CPO deletes a profile and compliance-gb holds it back, then compliance-gb's holding profile is desired instead", async () => {
      const { commands, evaluator, streams } = await given({ jurisdiction: 'GB' });
      await commands.put(tenantA, 'Z-1', 7, put());
      evaluator.removalAnswer = { connectorId: 1, chargingProfile: aProfile(7, 16) };
      await commands.remove(tenantA, 'Z-1', 7);
      expect(evaluator.removals).toEqual([{ tenantId: 'tenant-A', chargerId: 'Z-1', chargingProfileId: 7 }]);
      const desired = (await streams.read('Z-1', 1)).filter((e) => e.type === 'ChargingProfileDesired');
      expect(desired.at(-1)?.data).toMatchObject({ chargingProfile: aProfile(7, 16) });
      expect(streams.typesOf('Z-1')).not.toContain('ChargingProfileRemovalDesired');
    });

    it('given a GB charger, when compliance-gb answers no holding profile, then the removal is desired at once', async () => {
      const { commands, streams } = await given({ jurisdiction: 'GB' });
      await commands.put(tenantA, 'Z-1', 7, put());
      await commands.remove(tenantA, 'Z-1', 7);
      expect(streams.typesOf('Z-1')).toContain('ChargingProfileRemovalDesired');
    });

    it('given a GB charger and compliance-gb not answering, when deleted, then UNAVAILABLE and nothing is removed', async () => {
      const { commands, evaluator, streams } = await given({ jurisdiction: 'GB' });
      await commands.put(tenantA, 'Z-1', 7, put());
      evaluator.removalAnswer = 'unavailable';
      await expect(commands.remove(tenantA, 'Z-1', 7)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect(streams.typesOf('Z-1')).not.toContain('ChargingProfileRemovalDesired');
    });

    it("given compliance-gb's own removal (a holding profile ran out), when removed, then compliance-gb is not asked again", async () => {
      const { commands, evaluator, streams } = await given({ jurisdiction: 'GB' });
      await commands.put(tenantA, 'Z-1', 7, put());
      await commands.removeEvaluated(tenantA, 'Z-1', 7);
      expect(evaluator.removals).toEqual([]);
      expect(streams.typesOf('Z-1')).toContain('ChargingProfileRemovalDesired');
    });

    it('given a charger outside GB, when deleted, then compliance-gb is not asked', async () => {
      const { commands, evaluator } = await given();
      await commands.put(tenantA, 'Z-1', 7, put());
      await commands.remove(tenantA, 'Z-1', 7);
      expect(evaluator.removals).toEqual([]);
    });
  });

  describe("compliance-gb's own profiles (ifDesired)", () => {
    it('given the CPO changed the profile since compliance-gb looked, when its re-delayed one arrives, then PRECONDITION_FAILED', async () => {
      const { commands, streams } = await given();
      await commands.put(tenantA, 'Z-1', 7, put(aProfile(7, 10)));
      const before = await streams.version('Z-1');
      const late = commands.setEvaluated(tenantA, 'Z-1', 1, aProfile(7, 12), { ifDesired: aProfile(7, 16) });
      await expect(late).rejects.toBeInstanceOf(PlatformError);
      await expect(late).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
      expect(await streams.version('Z-1')).toBe(before);
    });

    it('given the profile compliance-gb saw is still desired, when its re-delayed one arrives, then it replaces it', async () => {
      const { commands } = await given();
      await commands.put(tenantA, 'Z-1', 7, put(aProfile(7, 10)));
      const answer = await commands.setEvaluated(tenantA, 'Z-1', 1, aProfile(7, 12), { ifDesired: aProfile(7, 10) });
      expect(answer.status).toBe('awaiting-connection');
    });
  });
});

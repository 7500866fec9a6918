import { ChargerReads } from './charger-reads.js';
import { ChargerRegistration } from './charger-registration.js';
import { ChargingProfileCommands } from './charging-profile-commands.js';
import { aProfile, chargerRig, FakeGbEvaluator, FakeTwinViews, T0 } from './use-cases.spec-support.js';

const tenantA = { tenantId: 'tenant-A', correlationId: 'c-1' };

async function given() {
  const rig = chargerRig();
  const twins = new FakeTwinViews();
  const reads = new ChargerReads(rig.ownership, twins, rig.streams);
  const commands = new ChargingProfileCommands(rig.service, rig.ownership, new FakeGbEvaluator(), { now: () => T0 });
  const registration = new ChargerRegistration(rig.service, rig.streams, 'ws://edge/ocpp', rig.credentials);
  await registration.register(tenantA, { chargerId: 'Z-1', model: 'zappi', tags: [] });
  return { ...rig, twins, reads, commands, registration };
}

describe('ChargerReads', () => {
  it("given the twin lags the stream, when the charger is read, then it is tagged with the stream's version, not the twin's", async () => {
    const { reads, commands, twins } = await given();
    const put = await commands.put(tenantA, 'Z-1', 7, { connectorId: 1, chargingProfile: aProfile() });
    twins.twinVersion = 1; // device-twin has folded only the registration so far
    const { view, version } = await reads.twin(tenantA, 'Z-1');
    expect(view.version).toBe(1);
    expect(version).toBe(put.version);
    expect(version).toBeGreaterThan(1);
    expect((await reads.profiles(tenantA, 'Z-1')).version).toBe(put.version);
  });

  it('given the version a read returned, when a change expects it, then it is not refused however far the twin lags', async () => {
    const { reads, commands, twins } = await given();
    await commands.put(tenantA, 'Z-1', 7, { connectorId: 1, chargingProfile: aProfile() });
    twins.twinVersion = 0;
    const { version } = await reads.twin(tenantA, 'Z-1');
    const answer = await commands.put(
      tenantA,
      'Z-1',
      7,
      { connectorId: 1, chargingProfile: aProfile(7, 10) },
      { ifMatch: version },
    );
    expect(answer.version).toBeGreaterThan(version);
  });

  it("given another tenant's charger, when read, then NOT_FOUND", async () => {
    const { reads } = await given();
    const other = { tenantId: 'tenant-B', correlationId: 'c-2' };
    await expect(reads.twin(other, 'Z-1')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(reads.events(other, 'Z-1', 1, 10)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('given a stream of n events, when read two at a time, then pages of two with the next version to read from', async () => {
    const { reads, commands, streams } = await given();
    await commands.put(tenantA, 'Z-1', 7, { connectorId: 1, chargingProfile: aProfile() });
    const n = await streams.version('Z-1');
    const first = await reads.events(tenantA, 'Z-1', 1, 2);
    expect(first.items.map((e) => e.streamVersion)).toEqual([1, 2]);
    expect(first.nextFromVersion).toBe(n > 2 ? 3 : null);
    const last = await reads.events(tenantA, 'Z-1', n, 2);
    expect(last.items.map((e) => e.streamVersion)).toEqual([n]);
    expect(last.nextFromVersion).toBeNull();
  });
});

describe('ChargerRegistration', () => {
  it('given a registered charger, when it is registered again, then ILLEGAL_STATE and nothing is appended', async () => {
    const { registration, streams } = await given();
    await expect(registration.register(tenantA, { chargerId: 'Z-1', model: 'zappi', tags: [] })).rejects.toMatchObject({
      code: 'ILLEGAL_STATE',
    });
    expect(streams.typesOf('Z-1')).toEqual(['ChargerRegistered']);
  });

  it('given no password, when registered, then a generated one is answered with the OCPP URL and the stream version', async () => {
    const { registration } = await given();
    const answer = await registration.register(tenantA, { chargerId: 'Z 2', model: 'zappi', tags: [] });
    expect(answer).toMatchObject({ chargerId: 'Z 2', ocppUrl: 'ws://edge/ocpp/Z%202', version: 1 });
    expect(answer.password).toMatch(/^[0-9a-f]{40}$/);
  });

  it('given no password, when registered, then the generated key is stored as a peppered HMAC that verifies it', async () => {
    const { registration, streams, credentials } = await given();
    const answer = await registration.register(tenantA, { chargerId: 'Z-3', model: 'zappi', tags: [] });
    const stored = storedHash(streams.streams.get('Z-3')?.[0]?.data);
    expect(stored).toMatch(/^hmac-sha256\$v1\$/);
    expect(await credentials.verify(answer.password, stored)).toEqual({ ok: true, rehash: null });
  });

  it('given a chosen password, when registered, then it is answered as given and stored with scrypt', async () => {
    const { registration, streams, credentials } = await given();
    const password = 'a password chosen by a person';
    const answer = await registration.register(tenantA, { chargerId: 'Z-4', model: 'zappi', password, tags: [] });
    expect(answer.password).toBe(password);
    const stored = storedHash(streams.streams.get('Z-4')?.[0]?.data);
    expect(stored).toMatch(/^scrypt\$v1\$/);
    expect(await credentials.verify(password, stored)).toEqual({ ok: true, rehash: null });
  });
});

function storedHash(data: unknown): string {
  return (data as { credentialsHash: string }).credentialsHash;
}

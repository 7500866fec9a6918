import {
  accepted,
  aProfile,
  aReadyZappi,
  booted,
  cleared,
  configured,
  connected,
  deferred,
  desired,
  disconnected,
  dispatched,
  dispatchedClear,
  failed,
  iso,
  MINUTE,
  refused,
  registered,
  rejected,
  removalDesired,
  T0,
  transactionStarted,
  transactionStopped,
  twinOf,
} from './test-builders.js';
import type { ChargerEvent } from '@chargeplane/contracts-events';
import { viewTwin } from './view.js';

/** The profiles as the twin shows them (each derived from the ledger). */
const profilesOf = (events: readonly ChargerEvent[]) =>
  viewTwin(twinOf(events), T0).profiles.map(({ chargingProfileId, desired, confirmed, sync, lastError }) => ({
    chargingProfileId,
    desired,
    confirmed,
    sync,
    lastError,
  }));

const p1 = aProfile();
const installed = [...aReadyZappi(), desired(p1), dispatched('w1', p1), accepted('w1', p1)];
const txProfile = aProfile({ chargingProfileId: 10, chargingProfilePurpose: 'TxProfile', transactionId: 7 });

describe('Charger twin', () => {
  describe('when charger facts are folded', () => {
    it('takes tenant, model, jurisdiction and tags from the registration', () => {
      expect(twinOf([registered('generic-ocpp16')])).toMatchObject({
        tenantId: 'tenant-1',
        model: 'generic-ocpp16',
        jurisdiction: null,
        tags: ['depot-a'],
      });
    });

    it('takes vendor and firmware from a boot and marks the charger seen', () => {
      expect(twinOf([registered(), booted('5.114', T0 + MINUTE)])).toMatchObject({
        vendor: 'myenergi',
        firmwareVersion: '5.114',
        lastSeenAt: iso(T0 + MINUTE),
      });
    });

    it('follows connection and disconnection', () => {
      const on = twinOf([registered(), connected(T0 + MINUTE)]);
      expect(on).toMatchObject({ ledger: { connected: true }, lastSeenAt: iso(T0 + MINUTE) });
      const off = twinOf([registered(), connected(), disconnected(T0 + 2 * MINUTE)]);
      expect(off).toMatchObject({ ledger: { connected: false }, lastSeenAt: iso(T0 + 2 * MINUTE) });
    });

    it('merges reported configuration over what was known', () => {
      expect(
        twinOf([registered(), configured({ CommercialMode: 'False', A: '1' }), configured({ CommercialMode: 'True' })])
          .configuration,
      ).toEqual({ CommercialMode: 'True', A: '1' });
    });

    it('keeps one running transaction per connector', () => {
      const twin = twinOf([
        registered(),
        transactionStarted(7, 1),
        transactionStarted(8, 2),
        transactionStarted(9, 1, T0 + MINUTE),
      ]);
      expect(twin.ledger.transactions).toEqual([
        { connectorId: 2, transactionId: 8, startedAt: iso(T0) },
        { connectorId: 1, transactionId: 9, startedAt: iso(T0 + MINUTE) },
      ]);
    });

    it('drops a stopped transaction and its TxProfile, leaving no empty profile behind', () => {
      const twin = twinOf([
        ...installed,
        transactionStarted(7),
        desired(txProfile),
        dispatched('w2', txProfile),
        accepted('w2', txProfile),
        transactionStopped(7),
      ]);
      expect(twin.ledger.transactions).toEqual([]);
      expect(Object.keys(twin.ledger.profiles)).toEqual(['1']);
    });
  });

  describe('when profile events are folded', () => {
    it('records a desired profile as not yet in sync', () => {
      expect(profilesOf([...aReadyZappi(), desired(p1)])).toEqual([
        { chargingProfileId: 1, desired: p1, confirmed: null, sync: 'deferred', lastError: null },
      ]);
    });

    it('on zappi, supersedes the desired TxDefaultProfile of another id', () => {
      const p2 = aProfile({ chargingProfileId: 2 });
      expect(
        profilesOf([...aReadyZappi(), desired(p1), desired(p2)]).map((p) => [p.chargingProfileId, p.desired]),
      ).toEqual([[2, p2]]);
    });

    it('records a removal as not yet in sync while the profile is still confirmed', () => {
      expect(profilesOf([...installed, removalDesired(1)])).toEqual([
        { chargingProfileId: 1, desired: null, confirmed: p1, sync: 'deferred', lastError: null },
      ]);
    });

    it('forgets a removed profile that was never confirmed', () => {
      expect(profilesOf([...aReadyZappi(), desired(p1), removalDesired(1)])).toEqual([]);
    });

    it('changes nothing but the version for a refused profile', () => {
      const before = twinOf(installed);
      const after = twinOf([...installed, refused(2)]);
      expect({ ...after, version: before.version, updatedAt: before.updatedAt }).toEqual(before);
    });

    it('marks a dispatched profile and remembers the write time', () => {
      const events = [...aReadyZappi(), desired(p1), dispatched('w1', p1, T0 + MINUTE)];
      expect(profilesOf(events)[0]?.sync).toBe('dispatched');
      expect(twinOf(events).ledger.writeTimes).toEqual([T0 + MINUTE]);
    });

    it("forgets write times older than the budget window (with zappi's 30 s guard)", () => {
      const edge = T0 + 60 * MINUTE + 30 * 1000;
      const kept = twinOf([
        ...aReadyZappi(),
        dispatched('w1', p1, T0),
        dispatched('w2', p1, T0 + 30 * MINUTE),
        dispatched('w3', p1, edge - 1),
      ]);
      expect(kept.ledger.writeTimes).toEqual([T0, T0 + 30 * MINUTE, edge - 1]);
      const pruned = twinOf([
        ...aReadyZappi(),
        dispatched('w1', p1, T0),
        dispatched('w2', p1, T0 + 30 * MINUTE),
        dispatched('w3', p1, edge),
      ]);
      expect(pruned.ledger.writeTimes).toEqual([T0 + 30 * MINUTE, edge]);
    });

    it('shows waiting profiles as deferred while connected, awaiting the connection otherwise', () => {
      const p2 = aProfile({ chargingProfileId: 2, chargingProfilePurpose: 'TxProfile', transactionId: 7 });
      expect(
        profilesOf([...aReadyZappi(), desired(p1), desired(p2), deferred([1, 2], T0 + MINUTE)]).map((p) => p.sync),
      ).toEqual(['deferred', 'deferred']);
      expect(profilesOf([...aReadyZappi(), disconnected(), desired(p1), deferred([1], null)])[0]?.sync).toBe(
        'awaiting-connection',
      );
    });

    it('confirms an accepted profile', () => {
      expect(profilesOf(installed)).toEqual([
        { chargingProfileId: 1, desired: p1, confirmed: p1, sync: 'in-sync', lastError: null },
      ]);
    });

    it('on zappi, drops the TxDefaultProfile of another id that an accepted one replaced, leaving no empty profile behind', () => {
      const p2 = aProfile({ chargingProfileId: 2 });
      expect(profilesOf([...installed, desired(p2), dispatched('w2', p2), accepted('w2', p2)])).toEqual([
        { chargingProfileId: 2, desired: p2, confirmed: p2, sync: 'in-sync', lastError: null },
      ]);
    });

    it('forgets a cleared profile', () => {
      expect(profilesOf([...installed, removalDesired(1), dispatchedClear('w2', 1), cleared('w2', 1)])).toEqual([]);
    });

    it('records a refusal by the charger with its status', () => {
      expect(
        profilesOf([
          ...installed,
          desired(aProfile({ stackLevel: 0 }, 2)),
          dispatched('w2', aProfile({}, 2)),
          rejected('w2', 1),
        ])[0],
      ).toMatchObject({
        confirmed: p1,
        sync: 'rejected',
        lastError: { code: 'Rejected', description: 'charger answered Rejected' },
      });
    });

    it.each([
      ['call-error', 'failed', 'GenericError'],
      // Unknown outcome: the platform writes again, so the profile waits (with the timeout as its last error).
      ['timeout', 'deferred', 'TIMEOUT'],
      ['offline', 'awaiting-connection', 'OFFLINE'],
    ] as const)('records a %s as %s, with its code', (failure, sync, code) => {
      const p2 = aProfile({}, 2);
      expect(profilesOf([...installed, desired(p2), dispatched('w2', p2), failed('w2', 1, failure)])[0]).toMatchObject({
        confirmed: p1,
        sync,
        lastError: { code },
      });
    });
  });
});

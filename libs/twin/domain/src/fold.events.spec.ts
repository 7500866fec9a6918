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

const p1 = aProfile();
const on1 = { connectorId: 1, profile: p1 };
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
      expect(twinOf([registered(), connected(T0 + MINUTE)])).toMatchObject({
        connected: true,
        lastSeenAt: iso(T0 + MINUTE),
      });
      expect(twinOf([registered(), connected(), disconnected(T0 + 2 * MINUTE)])).toMatchObject({
        connected: false,
        lastSeenAt: iso(T0 + 2 * MINUTE),
      });
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
      expect(twin.transactions).toEqual([
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
      expect(twin.transactions).toEqual([]);
      expect(twin.profiles.map((p) => p.chargingProfileId)).toEqual([1]);
    });
  });

  describe('when profile events are folded', () => {
    it('records a desired profile as pending', () => {
      expect(twinOf([...aReadyZappi(), desired(p1)]).profiles).toEqual([
        { chargingProfileId: 1, desired: on1, confirmed: null, phase: 'pending', lastError: null },
      ]);
    });

    it('on zappi, supersedes the desired TxDefaultProfile of another id', () => {
      const p2 = aProfile({ chargingProfileId: 2 });
      const twin = twinOf([...aReadyZappi(), desired(p1), desired(p2)]);
      expect(twin.profiles.map((p) => [p.chargingProfileId, p.desired?.profile.chargingProfileId ?? null])).toEqual([
        [2, 2],
      ]);
    });

    it('records a removal as pending while the profile is still confirmed', () => {
      expect(twinOf([...installed, removalDesired(1)]).profiles).toEqual([
        { chargingProfileId: 1, desired: null, confirmed: on1, phase: 'pending', lastError: null },
      ]);
    });

    it('forgets a removed profile that was never confirmed', () => {
      expect(twinOf([...aReadyZappi(), desired(p1), removalDesired(1)]).profiles).toEqual([]);
    });

    it('changes nothing but the version for a refused profile', () => {
      const before = twinOf(installed);
      const after = twinOf([...installed, refused(2)]);
      expect({ ...after, version: before.version, updatedAt: before.updatedAt }).toEqual(before);
    });

    it('marks a dispatched profile and remembers the write time', () => {
      const twin = twinOf([...aReadyZappi(), desired(p1), dispatched('w1', p1, T0 + MINUTE)]);
      expect(twin.profiles[0]?.phase).toBe('dispatched');
      expect(twin.writeTimes).toEqual([T0 + MINUTE]);
    });

    it("forgets write times older than the budget window (with zappi's 30 s guard)", () => {
      const edge = T0 + 60 * MINUTE + 30 * 1000;
      const kept = twinOf([
        ...aReadyZappi(),
        dispatched('w1', p1, T0),
        dispatched('w2', p1, T0 + 30 * MINUTE),
        dispatched('w3', p1, edge - 1),
      ]);
      expect(kept.writeTimes).toEqual([T0, T0 + 30 * MINUTE, edge - 1]);
      const pruned = twinOf([
        ...aReadyZappi(),
        dispatched('w1', p1, T0),
        dispatched('w2', p1, T0 + 30 * MINUTE),
        dispatched('w3', p1, edge),
      ]);
      expect(pruned.writeTimes).toEqual([T0 + 30 * MINUTE, edge]);
    });

    it('marks deferred profiles by reason', () => {
      const p2 = aProfile({ chargingProfileId: 2, chargingProfilePurpose: 'TxProfile', transactionId: 7 });
      expect(
        twinOf([...aReadyZappi(), desired(p1), desired(p2), deferred([1, 2], T0 + MINUTE)]).profiles.map(
          (p) => p.phase,
        ),
      ).toEqual(['deferred', 'deferred']);
      expect(twinOf([...aReadyZappi(), desired(p1), deferred([1], null)]).profiles[0]?.phase).toBe(
        'awaiting-connection',
      );
    });

    it('confirms an accepted profile', () => {
      expect(twinOf(installed).profiles).toEqual([
        { chargingProfileId: 1, desired: on1, confirmed: on1, phase: 'settled', lastError: null },
      ]);
    });

    it('on zappi, drops the TxDefaultProfile of another id that an accepted one replaced, leaving no empty profile behind', () => {
      const p2 = aProfile({ chargingProfileId: 2 });
      const twin = twinOf([...installed, desired(p2), dispatched('w2', p2), accepted('w2', p2)]);
      expect(twin.profiles).toEqual([
        {
          chargingProfileId: 2,
          desired: { connectorId: 1, profile: p2 },
          confirmed: { connectorId: 1, profile: p2 },
          phase: 'settled',
          lastError: null,
        },
      ]);
    });

    it('forgets a cleared profile', () => {
      expect(twinOf([...installed, removalDesired(1), dispatchedClear('w2', 1), cleared('w2', 1)]).profiles).toEqual(
        [],
      );
    });

    it('records a refusal by the charger with its status', () => {
      expect(
        twinOf([
          ...installed,
          desired(aProfile({ stackLevel: 0 }, 2)),
          dispatched('w2', aProfile({}, 2)),
          rejected('w2', 1),
        ]).profiles[0],
      ).toMatchObject({
        confirmed: on1,
        phase: 'rejected',
        lastError: { code: 'Rejected', description: 'charger answered Rejected' },
      });
    });

    it.each([
      ['call-error', 'failed', 'GenericError'],
      // Unknown outcome: the platform writes again, so the profile is pending (with the timeout as its last error).
      ['timeout', 'pending', 'TIMEOUT'],
      ['offline', 'awaiting-connection', 'OFFLINE'],
    ] as const)('records a %s as %s, with its code', (failure, phase, code) => {
      const p2 = aProfile({}, 2);
      expect(
        twinOf([...installed, desired(p2), dispatched('w2', p2), failed('w2', 1, failure)]).profiles[0],
      ).toMatchObject({ confirmed: on1, phase, lastError: { code } });
    });
  });
});

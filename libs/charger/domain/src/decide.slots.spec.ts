import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { deciderSpec } from '@chargeplane/platform-testing';
import { slotsUsed } from '@chargeplane/smart-charging-domain';
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { initialState, installedProfiles } from './state.js';
import {
  accepted,
  answered,
  aReadyGeneric,
  cleared,
  aReadyZappi,
  aTxDefaultProfile,
  aTxProfile,
  configured,
  confirmedEarlier,
  connected,
  deferred,
  desired,
  disconnected,
  dispatched,
  dispatchedClear,
  GUARDED_WINDOW,
  MINUTE,
  periods,
  readyZappiConfiguration,
  reconcile,
  recordConnected,
  recordReadyConfiguration,
  refused,
  rejected,
  removeDesired,
  setDesired,
  T0,
  TRANSACTION,
  transactionStarted,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

const txDefault = (id: number, n: number) =>
  aTxDefaultProfile({ chargingProfileId: id, chargingSchedule: { chargingSchedulePeriod: periods(n) } });
const txProfile = (id: number, n: number) =>
  aTxProfile({
    chargingProfileId: id,
    transactionId: TRANSACTION,
    chargingSchedule: { chargingSchedulePeriod: periods(n) },
  });
const zappiInSession = [...aReadyZappi(), transactionStarted()];
/** Profiles desired and confirmed earlier (so nothing is pending when the spec's command arrives). */
const installed = (...profiles: ChargingProfile[]) => profiles.flatMap((p, i) => confirmedEarlier(p, `earlier-${i}`));

describe('Charger profiles', () => {
  describe('when zappi slots are counted (84 periods over all profiles)', () => {
    it('refuses a TxProfile that does not fit beside the TxDefaultProfile, counting both', () => {
      spec
        .given([...zappiInSession, ...installed(txDefault(1, 50))])
        .when(setDesired(txProfile(10, 40)))
        .then([refused(10, 'SLOTS_EXCEEDED', { used: 50, needed: 40, max: 84 })]);
    });

    it('takes a TxProfile that exactly fills the pool', () => {
      spec
        .given([...zappiInSession, ...installed(txDefault(1, 50))])
        .when(setDesired(txProfile(10, 34)))
        .then([desired(txProfile(10, 34)), dispatched(writeId(1), txProfile(10, 34))]);
    });

    it('counts a new version of the same id instead of the old one', () => {
      spec
        .given([...zappiInSession, ...installed(txDefault(1, 50), txProfile(10, 30))])
        .when(setDesired(txProfile(10, 34)))
        .then([desired(txProfile(10, 34)), dispatched(writeId(1), txProfile(10, 34))]);
    });

    it('counts a second TxDefaultProfile of another id as replacing the first (50 + 50 periods fit)', () => {
      const state = spec
        .given([...zappiInSession, ...installed(txDefault(1, 50))])
        .when(setDesired(txDefault(2, 50)))
        .then([desired(txDefault(2, 50)), dispatched(writeId(1), txDefault(2, 50))]);
      expect(state.profiles[1]?.desired).toBeNull();
    });

    it('counts a TxProfile with another id on the same connector and stack level as replacing the first', () => {
      spec
        .given([...zappiInSession, ...installed(txDefault(1, 30), txProfile(10, 50))])
        .when(setDesired(txProfile(11, 50)))
        .then([desired(txProfile(11, 50)), dispatched(writeId(1), txProfile(11, 50))]);
    });

    it('counts the desired profiles, not a confirmed one that a desired replacement frees', () => {
      spec
        .given([
          ...zappiInSession,
          ...confirmedEarlier(txDefault(1, 60), writeId(8)),
          desired(txDefault(2, 30)),
          dispatched(writeId(9), txDefault(2, 30)),
        ])
        .when(setDesired(txProfile(10, 54)))
        .then([desired(txProfile(10, 54))]);
    });

    it('says how many slots the other profiles use when the replacement is not enough', () => {
      spec
        .given([...zappiInSession, ...installed(txDefault(1, 20), txProfile(10, 50))])
        .when(setDesired(txDefault(2, 40)))
        .then([refused(2, 'SLOTS_EXCEEDED', { used: 50, needed: 40, max: 84 })]);
    });
  });

  describe('when several changes are pending on a zappi whose slots are nearly full', () => {
    // Confirmed: TxDefault 21 (44 periods) + TxProfile 5 (40) = 84. Desired: TxDefault 20 (40) + TxProfile 5 (44) = 84.
    const [b, x, a, x2] = [txDefault(21, 44), txProfile(5, 40), txDefault(20, 40), txProfile(5, 44)];
    const full = [
      ...zappiInSession,
      ...confirmedEarlier(b, writeId(7)),
      ...confirmedEarlier(x, writeId(8)),
      disconnected(),
    ];

    it('sends first the write that frees slots, so that the device never holds more than 84', () => {
      const state = spec
        .given(full)
        .when(
          setDesired(a),
          setDesired(x2),
          recordConnected(),
          recordReadyConfiguration({ writeId: writeId(2) }),
          answered(writeId(2), 'Accepted', { writeId: writeId(3) }),
        )
        .then([
          desired(a),
          deferred([20], null),
          desired(x2),
          deferred([5, 20], null),
          connected(),
          readyZappiConfiguration(),
          dispatched(writeId(2), a),
          accepted(writeId(2), a),
          dispatched(writeId(3), x2),
        ]);
      expect(slotsUsed(installedProfiles(state))).toBe(80);
    });
  });

  describe('when a replacement the slot count relied on is refused by the charger', () => {
    // TxDefault 21 (44) is on the device; TxDefault 20 (40) is to replace it, so TxProfile 5 (44) fits beside it.
    const [b, a, x2] = [txDefault(21, 44), txDefault(20, 40), txProfile(5, 44)];
    const given = [
      ...zappiInSession,
      ...confirmedEarlier(b, writeId(7)),
      desired(a),
      dispatched(writeId(1), a),
      desired(x2),
    ];
    /** Both writes (b's and a's) went out at T0: a's one retry comes when they leave the guarded window. */
    const retryAt = T0 + GUARDED_WINDOW;

    it('holds back the write that would now take the device over 84 slots', () => {
      spec
        .given(given)
        .when(
          answered(writeId(1), 'Rejected', { writeId: writeId(2) }),
          reconcile({ now: T0 + 10 * MINUTE, writeId: writeId(3) }),
          reconcile({ now: retryAt - 1, writeId: writeId(4) }),
        )
        .then([rejected(writeId(1), 20, 'Rejected', T0, retryAt)]);
    });

    it('retries the refused replacement first when its retry comes, as it frees slots', () => {
      spec
        .given([...given, rejected(writeId(1), 20, 'Rejected', T0, retryAt)])
        .when(
          reconcile({ now: retryAt, writeId: writeId(2) }),
          answered(writeId(2), 'Accepted', { now: retryAt + 1, writeId: writeId(3) }),
        )
        .then([
          dispatched(writeId(2), a, retryAt),
          accepted(writeId(2), a, retryAt + 1),
          dispatched(writeId(3), x2, retryAt + 1),
        ]);
    });

    it('holds the TxProfile back for good once the retry is refused too', () => {
      spec
        .given([...given, rejected(writeId(1), 20, 'Rejected', T0, retryAt), dispatched(writeId(2), a, retryAt)])
        .when(
          answered(writeId(2), 'Rejected', { now: retryAt + 1, writeId: writeId(3) }),
          reconcile({ now: retryAt + 2 * GUARDED_WINDOW, writeId: writeId(4) }),
        )
        .then([rejected(writeId(2), 20, 'Rejected', retryAt + 1, null)]);
    });

    // The refusal closed zappi's window (L9): the clear and the TxProfile go out once it frees.
    it('sends it once the CPO frees the slots', () => {
      const events = spec
        .given([...given, rejected(writeId(1), 20, 'Rejected', T0, retryAt)])
        .when(
          removeDesired(20, { writeId: writeId(2) }),
          reconcile({ now: retryAt, writeId: writeId(3) }),
          answered(writeId(3), 'Accepted', { now: retryAt, writeId: writeId(4) }),
        )
        .events();
      expect(events.map((e) => e.type)).toEqual([
        'ChargingProfileRemovalDesired',
        'ChargingProfileWriteDeferred',
        'ChargingProfileWriteDispatched',
        'ChargingProfileCleared',
        'ChargingProfileWriteDispatched',
      ]);
      expect(events.slice(2)).toEqual([
        dispatchedClear(writeId(3), 21, retryAt),
        cleared(writeId(3), 21, 'Accepted', retryAt),
        dispatched(writeId(4), x2, retryAt),
      ]);
    });
  });

  describe('when a generic charger limits the number of installed profiles', () => {
    const generic = [...aReadyGeneric(), configured({ MaxChargingProfilesInstalled: '1' })];

    it('counts a profile with the same purpose, stack level and connector as a replacement', () => {
      spec
        .given([...generic, ...installed(txDefault(1, 1))])
        .when(setDesired(txDefault(2, 1)))
        .then([desired(txDefault(2, 1)), dispatched(writeId(1), txDefault(2, 1))]);
    });

    it('refuses a profile at another stack level that would be a second one', () => {
      spec
        .given([...generic, ...installed(txDefault(1, 1))])
        .when(setDesired(aTxDefaultProfile({ chargingProfileId: 2, stackLevel: 1 })))
        .then([refused(2, 'TOO_MANY_PROFILES')]);
    });

    it('refuses a profile on another connector that would be a second one', () => {
      spec
        .given([...generic, ...installed(txDefault(1, 1))])
        .when(setDesired(txDefault(2, 1), { connectorId: 2 }))
        .then([refused(2, 'TOO_MANY_PROFILES')]);
    });
  });
});

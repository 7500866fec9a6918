import { deciderSpec } from '@chargeplane/platform-testing';
import { withUtcTimestamps } from '@chargeplane/smart-charging-domain';
import { decide } from './decide.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  accepted,
  answered,
  aReadyZappi,
  aTxDefaultProfile,
  confirmedEarlier,
  connected,
  CONNECTION,
  deferred,
  desired,
  disconnected,
  dispatched,
  GUARDED_WINDOW,
  MINUTE,
  outcome,
  readyZappiConfiguration,
  recordConnected,
  recordReadyConfiguration,
  rejected,
  setDesired,
  T0,
  withLimit,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

const p1 = aTxDefaultProfile();
const p2 = withLimit(p1, 20);
const p3 = withLimit(p1, 24);
/** p1 as another client would write it: other timestamp spelling, 16.0 for 16, numberPhases 3 spelled out, keys reordered. */
const p1Respelled = {
  chargingSchedule: {
    chargingSchedulePeriod: [{ numberPhases: 3, limit: 16.0, startPeriod: 0 }],
    chargingRateUnit: 'A' as const,
    startSchedule: '2026-11-25T00:00:00.000+00:00',
  },
  chargingProfileKind: 'Absolute' as const,
  chargingProfilePurpose: 'TxDefaultProfile' as const,
  stackLevel: 0,
  chargingProfileId: 1,
};
/** p1Respelled as it is stored and sent: its timestamps in the one canonical form (UTC, whole seconds, Z). */
const p1RespelledStored = withUtcTimestamps(p1Respelled);
const offline = [...aReadyZappi(), disconnected()];

describe('Charger profiles', () => {
  describe('when a profile is desired while the charger is offline', () => {
    it('records it as desired and says the write awaits the connection', () => {
      spec
        .given(offline)
        .when(setDesired(p1))
        .then([desired(p1), deferred([1], null)]);
    });

    it('dispatches it once the charger has connected and reported its configuration', () => {
      const state = spec
        .given([...offline, desired(p1), deferred([1], null)])
        .when(
          recordConnected({ now: T0 + 5000, writeId: writeId(2) }),
          recordReadyConfiguration({ now: T0 + 6000, writeId: writeId(3) }),
        )
        .then([
          connected(CONNECTION, T0 + 5000),
          readyZappiConfiguration(T0 + 6000),
          dispatched(writeId(3), p1, T0 + 6000),
        ]);
      expect(state.inFlight).toMatchObject({
        writeId: writeId(3),
        chargingProfileId: 1,
        action: 'SetChargingProfile',
        at: T0 + 6000,
        connectionId: CONNECTION,
      });
      expect(state.writeTimes).toEqual([T0 + 6000]);
    });

    it('says so once per change and sends only the latest once the charger is back', () => {
      spec
        .given(offline)
        .when(
          setDesired(p1),
          setDesired(p2),
          setDesired(p3),
          recordConnected(),
          recordReadyConfiguration({ writeId: writeId(7) }),
        )
        .then([
          desired(p1),
          deferred([1], null),
          desired(p2),
          deferred([1], null),
          desired(p3),
          deferred([1], null),
          connected(),
          readyZappiConfiguration(),
          dispatched(writeId(7), p3),
        ]);
    });

    it('drops the change when it comes back to what the charger confirmed', () => {
      spec
        .given([...aReadyZappi(), ...confirmedEarlier(p1, writeId(1)), disconnected()])
        .when(setDesired(p2), setDesired(p1Respelled), recordConnected(), recordReadyConfiguration())
        .then([desired(p2), deferred([1], null), desired(p1RespelledStored), connected(), readyZappiConfiguration()]);
    });
  });

  describe('when the CPO gives timestamps with an offset or milliseconds', () => {
    it('stores and sends them in UTC whole seconds with Z', () => {
      const given = aTxDefaultProfile({
        validFrom: '2026-11-25T01:00:00.750+01:00',
        chargingSchedule: { startSchedule: '2026-11-24T19:00:00-05:00' },
      });
      const stored = aTxDefaultProfile({
        validFrom: '2026-11-25T00:00:00Z',
        chargingSchedule: { startSchedule: '2026-11-25T00:00:00Z' },
      });
      spec
        .given(aReadyZappi())
        .when(setDesired(given))
        .then([desired(stored), dispatched(writeId(1), stored)]);
    });
  });

  describe('when the charger is connected', () => {
    it('dispatches a new desired profile at once', () => {
      const state = spec
        .given(aReadyZappi())
        .when(setDesired(p1))
        .then([desired(p1), dispatched(writeId(1), p1)]);
      expect(state.profiles[1]).toMatchObject({
        desired: { connectorId: 1, profile: p1 },
        confirmed: null,
        outcome: 'none',
      });
    });

    it('keeps one write outstanding: a second change waits for the answer to the first', () => {
      spec
        .given([...aReadyZappi(), desired(p1), dispatched(writeId(1), p1)])
        .when(
          setDesired(p2, { writeId: writeId(2) }),
          setDesired(aTxDefaultProfile({ chargingProfileId: 2 }), { writeId: writeId(3) }),
        )
        .then([desired(p2), desired(aTxDefaultProfile({ chargingProfileId: 2 }))]);
    });

    it('sends the waiting change once the outstanding write is answered', () => {
      spec
        .given([...aReadyZappi(), desired(p1), dispatched(writeId(1), p1), desired(p2)])
        .when(answered(writeId(1), 'Accepted', { now: T0 + 2000, writeId: writeId(2) }))
        .then([accepted(writeId(1), p1, T0 + 2000), dispatched(writeId(2), p2, T0 + 2000)]);
    });
  });

  describe('when the desired profile does not change', () => {
    it('records nothing for the same profile spelled differently', () => {
      spec
        .given([...aReadyZappi(), desired(p1), dispatched(writeId(1), p1)])
        .when(setDesired(p1Respelled))
        .then([]);
    });

    it('records nothing and sends nothing for a profile already confirmed', () => {
      spec
        .given([...aReadyZappi(), ...confirmedEarlier(p1, writeId(1))])
        .when(setDesired(p1, { writeId: writeId(2) }))
        .then([]);
    });

    it('treats the same profile on another connector as a change', () => {
      spec
        .given([...aReadyZappi(), ...confirmedEarlier(p1, writeId(1))])
        .when(setDesired(p1, { writeId: writeId(2), connectorId: 0 }))
        .then([desired(p1, T0, 0), dispatched(writeId(2), p1, T0, 0)]);
    });
  });

  describe('when the CPO sends the same profile again after the charger refused it or the write failed', () => {
    // p1 desired and written as write-1 at T0 (p1 is the first write in the window).
    const written = [...aReadyZappi(), desired(p1), dispatched(writeId(1), p1)];
    const again = { now: T0 + 5 * MINUTE, writeId: writeId(2) };

    // zappi's Rejected closes its write window (L9): the explicit retry waits until the window frees.
    it('takes a final refusal followed by the same content as an explicit retry', () => {
      const state = spec
        .given([...written, rejected(writeId(1), 1, 'Rejected', T0 + 1000, null)])
        .when(setDesired(p1Respelled, again))
        .then([desired(p1RespelledStored, again.now), deferred([1], T0 + GUARDED_WINDOW, again.now)]);
      expect(state.profiles[1]).toMatchObject({ outcome: 'none', rejections: 0, retryAt: null, lastError: null });
    });

    it('takes it as the explicit retry, sent when the closed window frees, and drops the automatic retry', () => {
      const state = spec
        .given([...written, rejected(writeId(1), 1, 'Rejected', T0 + 1000, T0 + GUARDED_WINDOW)])
        .when(setDesired(p1, again))
        .then([desired(p1, again.now), deferred([1], T0 + GUARDED_WINDOW, again.now)]);
      expect(state.profiles[1]).toMatchObject({ outcome: 'none', rejections: 0, retryAt: null });
    });

    it('takes a failed write followed by the same content as an explicit retry', () => {
      const failed = spec
        .given(written)
        .when(outcome(writeId(1), { kind: 'call-error', code: 'GenericError', description: 'x' }, { now: T0 + 1000 }))
        .events();
      spec
        .given([...written, ...failed])
        .when(setDesired(p1, again))
        .then([desired(p1, again.now), dispatched(writeId(2), p1, again.now)]);
    });

    it('says the retry awaits the connection while the charger is offline', () => {
      spec
        .given([...written, rejected(writeId(1), 1, 'Rejected', T0 + 1000, null), disconnected(CONNECTION, T0 + 2000)])
        .when(setDesired(p1, again))
        .then([desired(p1, again.now), deferred([1], null, again.now)]);
    });
  });
});

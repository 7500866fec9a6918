import { deciderSpec } from '@chargeplane/platform-testing';
import { decide } from './decide.js';
import type { ChargerEvent } from './events.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  accepted,
  answered,
  aReadyZappi,
  aTxDefaultProfile,
  confirmedEarlier,
  connected,
  deferred,
  desired,
  disconnected,
  dispatched,
  GUARDED_WINDOW,
  MINUTE,
  outcome,
  readyZappiConfiguration,
  reconcile,
  recordConnected,
  recordDisconnected,
  recordReadyConfiguration,
  rejected,
  SECOND,
  setDesired,
  T0,
  timedOut,
  withLimit,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

const p0 = aTxDefaultProfile();
const p1 = withLimit(p0, 20);
const p2 = withLimit(p0, 24);
const sent = T0 + MINUTE;
const later = (minutes: number, id = 9) => ({ now: sent + minutes * MINUTE, writeId: writeId(id) });
/** p0 confirmed; p1 dispatched as write-1; then the CPO changed its mind to p2 while write-1 was outstanding. */
const changedWhileInFlight: ChargerEvent[] = [
  ...aReadyZappi(),
  ...confirmedEarlier(p0, writeId(0)),
  desired(p1, sent),
  dispatched(writeId(1), p1, sent),
  desired(p2, sent + SECOND),
];

describe('Charger profiles', () => {
  describe('when the answer concerns a desired state that has since changed', () => {
    // zappi's Rejected closes its window (L9): the newer profile goes out when the window frees.
    it('sends the newer desired profile after a Rejected answer to the older one, announcing no retry of the older one', () => {
      const state = spec
        .given(changedWhileInFlight)
        .when(answered(writeId(1), 'Rejected', later(1, 2)))
        .then([
          rejected(writeId(1), 1, 'Rejected', sent + MINUTE, null),
          deferred([1], T0 + GUARDED_WINDOW, sent + MINUTE),
        ]);
      expect(state.profiles[1]).toMatchObject({
        desired: { profile: p2 },
        outcome: 'none',
        rejections: 0,
        retryAt: null,
      });
    });

    it('sends the newer desired profile after a CALLERROR for the older one', () => {
      const [failure, next] = spec
        .given(changedWhileInFlight)
        .when(outcome(writeId(1), { kind: 'call-error', code: 'GenericError', description: '' }, later(1, 2)))
        .events();
      expect(failure?.type).toBe('ChargingProfileWriteFailed');
      expect(next).toEqual(dispatched(writeId(2), p2, sent + MINUTE));
    });

    it('holds the refused content back until its one retry when it is what is desired again', () => {
      // Writes in the guarded window: p0's at T0 and p1's at T0 + 1 min.
      const retryAt = T0 + GUARDED_WINDOW;
      spec
        .given([...changedWhileInFlight, desired(p1, sent + 2 * SECOND)])
        .when(
          answered(writeId(1), 'Rejected', later(1, 2)),
          reconcile({ now: retryAt - 1, writeId: writeId(3) }),
          reconcile({ now: retryAt, writeId: writeId(4) }),
        )
        .then([rejected(writeId(1), 1, 'Rejected', sent + MINUTE, retryAt), dispatched(writeId(4), p1, retryAt)]);
    });
  });

  describe('when a timeout left the device state unknown', () => {
    /** p0 confirmed; p1 dispatched, then the charger went offline and the write timed out: the zappi may hold p0 or p1. */
    const unknown: ChargerEvent[] = [
      ...aReadyZappi(),
      ...confirmedEarlier(p0, writeId(0)),
      desired(p1, sent),
      dispatched(writeId(1), p1, sent),
      disconnected(undefined, sent + SECOND),
      timedOut(writeId(1), 1, sent + MINUTE),
    ];

    it('does not count the confirmed profile as identical when the CPO goes back to it', () => {
      spec
        .given(unknown)
        .when(setDesired(p0, later(2)), recordConnected(later(3)), recordReadyConfiguration(later(4, 3)))
        .then([
          desired(p0, sent + 2 * MINUTE),
          deferred([1], null, sent + 2 * MINUTE),
          connected(undefined, sent + 3 * MINUTE),
          readyZappiConfiguration(sent + 4 * MINUTE),
          dispatched(writeId(3), p0, sent + 4 * MINUTE),
        ]);
    });

    it('does the same when the timed-out write was a zappi TxDefaultProfile of another id', () => {
      const other = aTxDefaultProfile({ chargingProfileId: 2 });
      spec
        .given([
          ...aReadyZappi(),
          ...confirmedEarlier(p0, writeId(0)),
          desired(other, sent),
          dispatched(writeId(1), other, sent),
          disconnected(undefined, sent + SECOND),
          timedOut(writeId(1), 2, sent + MINUTE),
        ])
        .when(setDesired(p0, later(2)), recordConnected(later(3)), recordReadyConfiguration(later(4, 3)))
        .then([
          desired(p0, sent + 2 * MINUTE),
          deferred([1], null, sent + 2 * MINUTE),
          connected(undefined, sent + 3 * MINUTE),
          readyZappiConfiguration(sent + 4 * MINUTE),
          dispatched(writeId(3), p0, sent + 4 * MINUTE),
        ]);
    });

    it('trusts the confirmed profile again once the charger accepted a write', () => {
      spec
        .given([...unknown, connected(undefined, sent + 2 * MINUTE), dispatched(writeId(2), p1, sent + 2 * MINUTE)])
        .when(
          answered(writeId(2), 'Accepted', later(3)),
          recordDisconnected(later(4)),
          setDesired(p2, later(5)),
          setDesired(p1, later(6)),
        )
        .then([
          accepted(writeId(2), p1, sent + 3 * MINUTE),
          disconnected(undefined, sent + 4 * MINUTE),
          desired(p2, sent + 5 * MINUTE),
          deferred([1], null, sent + 5 * MINUTE),
          desired(p1, sent + 6 * MINUTE),
        ]);
    });
  });

  describe('when the charger refuses content it was sent only because the device state was unknown', () => {
    // p0 confirmed; p1 sent as write-1; the CPO went back to p0; write-1 timed out, so p0 was sent again as write-2.
    const resent = sent + 65 * SECOND;
    const unknownResent: ChargerEvent[] = [
      ...aReadyZappi(),
      ...confirmedEarlier(p0, writeId(0)),
      desired(p1, sent),
      dispatched(writeId(1), p1, sent),
      desired(p0, sent + SECOND),
      timedOut(writeId(1), 1, resent),
      dispatched(writeId(2), p0, resent),
    ];
    /** Writes in the guarded window: T0 (p0), T0 + 1 min (p1), the resend; T0's leaves it at T0 + 60 min 30 s. */
    const retryAt = T0 + GUARDED_WINDOW;
    const refusedTwice = [
      ...unknownResent,
      rejected(writeId(2), 1, 'Rejected', resent + SECOND, retryAt),
      dispatched(writeId(3), p0, retryAt),
      rejected(writeId(3), 1, 'Rejected', retryAt + SECOND, null),
    ];

    it('still sends its one retry, although the content equals the confirmed profile', () => {
      spec
        .given(unknownResent)
        .when(
          answered(writeId(2), 'Rejected', { now: resent + SECOND }),
          reconcile({ now: retryAt, writeId: writeId(3) }),
        )
        .then([rejected(writeId(2), 1, 'Rejected', resent + SECOND, retryAt), dispatched(writeId(3), p0, retryAt)]);
    });

    it("sends the CPO's explicit retry of that content after its final refusal", () => {
      const again = retryAt + MINUTE;
      spec
        .given(refusedTwice)
        .when(setDesired(p0, { now: again, writeId: writeId(4) }))
        .then([desired(p0, again), dispatched(writeId(4), p0, again)]);
    });
  });
});

import { deciderSpec } from '@chargeplane/platform-testing';
import { decide } from './decide.js';
import type { ChargerEvent } from './events.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  iso,
  accepted,
  acceptedWrites,
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
  HOUR,
  MINUTE,
  notReady,
  offlineFailure,
  outcome,
  readyZappiConfiguration,
  recordConnected,
  recordReadyConfiguration,
  reconcile,
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
/** p0 confirmed earlier; p1 desired and dispatched as write-1 at T0 + 1 min. */
const sent = T0 + MINUTE;
const inFlight: ChargerEvent[] = [
  ...aReadyZappi(),
  ...confirmedEarlier(p0, writeId(0)),
  desired(p1, sent),
  dispatched(writeId(1), p1, sent),
];
const next = { now: sent + 2 * SECOND, writeId: writeId(2) };
/** Writes in the guarded window: p0's at T0 and p1's at T0 + 1 min; the oldest leaves it at T0 + 60 min 30 s. */
const retryAt = T0 + GUARDED_WINDOW;
const callError = (code: string, description: string) => ({
  type: 'ChargingProfileWriteFailed' as const,
  schemaVersion: 1 as const,
  occurredAt: new Date(next.now).toISOString(),
  data: {
    writeId: writeId(1),
    chargingProfileId: 1,
    failure: 'call-error' as const,
    code,
    description,
    outcomeKnown: true,
  },
});

describe('Charger profiles', () => {
  describe('when the charger answers Accepted', () => {
    it('confirms what was sent and frees the charger for the next write', () => {
      const state = spec
        .given(inFlight)
        .when(answered(writeId(1), 'Accepted', next))
        .then([accepted(writeId(1), p1, next.now)]);
      expect(state.profiles[1]).toMatchObject({
        desired: { connectorId: 1, profile: p1 },
        confirmed: { connectorId: 1, profile: p1 },
        outcome: 'none',
        lastError: null,
      });
      expect(state.inFlight).toBeNull();
    });

    it('on zappi, removes the previously confirmed TxDefaultProfile of another id', () => {
      const other = aTxDefaultProfile({ chargingProfileId: 2 });
      const state = spec
        .given([
          ...aReadyZappi(),
          ...confirmedEarlier(p0, writeId(0)),
          desired(other, sent),
          dispatched(writeId(1), other, sent),
        ])
        .when(answered(writeId(1), 'Accepted', next))
        .then([accepted(writeId(1), other, next.now)]);
      // Nothing desired or confirmed is left for id 1: the ledger drops its record (L15).
      expect(state.profiles[1]).toBeUndefined();
      expect(state.profiles[2]?.confirmed).toEqual({ connectorId: 1, profile: other });
    });
  });

  describe('when the charger refuses the write', () => {
    it('records Rejected, keeps the confirmed profile and, on zappi, sets its one retry for when the guarded window frees', () => {
      const state = spec
        .given(inFlight)
        .when(answered(writeId(1), 'Rejected', next))
        .then([rejected(writeId(1), 1, 'Rejected', next.now, retryAt)]);
      expect(state.profiles[1]).toEqual({
        chargingProfileId: 1,
        desired: { connectorId: 1, profile: p1 },
        confirmed: { connectorId: 1, profile: p0 },
        outcome: 'rejected',
        lastError: {
          code: 'Rejected',
          description: `charger answered Rejected; tried once more at ${iso(retryAt)} (it may have been the write limit)`,
        },
        rejections: 1,
        retryAt,
      });
      expect(state.inFlight).toBeNull();
    });

    // L12: NotSupported refuses the device (no smart charging), not the content: the profile waits for the device.
    it('records NotSupported as missing smart charging: keeps the confirmed profile, holds every write', () => {
      const state = spec
        .given(inFlight)
        .when(answered(writeId(1), 'NotSupported', next))
        .then([
          rejected(writeId(1), 1, 'NotSupported', next.now, null),
          notReady([1], 'SMART_CHARGING_NOT_SUPPORTED', next.now),
        ]);
      expect(state.profiles[1]).toMatchObject({
        confirmed: { connectorId: 1, profile: p0 },
        outcome: 'none',
        lastError: { code: 'NotSupported' },
        rejections: 0,
        retryAt: null,
      });
      expect(state.inFlight).toBeNull();
    });

    it('treats an answer outside ChargingProfileStatus as Rejected', () => {
      spec
        .given(inFlight)
        .when(answered(writeId(1), 'Unknown', next))
        .then([rejected(writeId(1), 1, 'Rejected', next.now, retryAt)]);
    });

    it('does not retry a final refusal by itself, and sends a new desired state', () => {
      spec
        .given([...inFlight, rejected(writeId(1), 1, 'Rejected', next.now, null)])
        .when(
          reconcile({ now: sent + 10 * MINUTE }),
          reconcile({ now: sent + 3 * HOUR }),
          setDesired(p2, { now: sent + 3 * HOUR, writeId: writeId(3) }),
        )
        .then([desired(p2, sent + 3 * HOUR), dispatched(writeId(3), p2, sent + 3 * HOUR)]);
    });
  });

  describe('when the write ends in a CALLERROR', () => {
    it('records the failure, keeps the confirmed profile and does not retry', () => {
      const state = spec
        .given(inFlight)
        .when(
          outcome(
            writeId(1),
            { kind: 'call-error', code: 'PropertyConstraintViolation', description: 'bad limit' },
            next,
          ),
          reconcile({ now: sent + 10 * MINUTE }),
        )
        .then([callError('PropertyConstraintViolation', 'bad limit')]);
      expect(state.profiles[1]).toMatchObject({
        confirmed: { profile: p0 },
        outcome: 'failed',
        lastError: { code: 'PropertyConstraintViolation', description: 'bad limit' },
      });
    });
  });

  describe('when the write times out', () => {
    it('records an unknown outcome and sends the write again once a late answer has had its call timeout (L11)', () => {
      const resend = next.now + 60 * SECOND;
      const state = spec
        .given(inFlight)
        .when(
          outcome(writeId(1), { kind: 'timeout' }, next),
          reconcile({ now: resend - 1, writeId: writeId(2) }),
          reconcile({ now: resend, writeId: writeId(3) }),
        )
        .then([timedOut(writeId(1), 1, next.now), dispatched(writeId(3), p1, resend)]);
      expect(state.profiles[1]?.confirmed).toEqual({ connectorId: 1, profile: p0 });
    });

    it('sends it again only when the write budget allows', () => {
      const history = [
        ...aReadyZappi(),
        ...acceptedWrites(23, T0),
        desired(p1, T0 + 30 * MINUTE),
        dispatched(writeId(1), p1, T0 + 30 * MINUTE),
      ];
      spec
        .given(history)
        .when(
          outcome(writeId(1), { kind: 'timeout' }, { now: T0 + 31 * MINUTE }),
          reconcile({ now: T0 + GUARDED_WINDOW - 1, writeId: writeId(4) }),
          reconcile({ now: T0 + GUARDED_WINDOW, writeId: writeId(5) }),
        )
        .then([
          timedOut(writeId(1), 1, T0 + 31 * MINUTE),
          deferred([1], T0 + GUARDED_WINDOW, T0 + GUARDED_WINDOW - 1),
          dispatched(writeId(5), p1, T0 + GUARDED_WINDOW),
        ]);
    });

    it('settles an unanswered write as timed out on a Reconcile after its timeout (60 s + 5 s grace on zappi)', () => {
      const expiry = sent + 65 * SECOND;
      spec
        .given(inFlight)
        .when(reconcile({ now: expiry - 1 }))
        .then([]);
      spec
        .given(inFlight)
        .when(reconcile({ now: expiry, writeId: writeId(2) }), reconcile({ now: expiry + MINUTE, writeId: writeId(3) }))
        .then([timedOut(writeId(1), 1, expiry), dispatched(writeId(3), p1, expiry + MINUTE)]);
    });
  });

  describe('when the charger was offline for the write', () => {
    it('keeps the change pending while the charger stays offline', () => {
      const state = spec
        .given([...inFlight, disconnected(undefined, sent + SECOND)])
        .when(outcome(writeId(1), { kind: 'offline' }, next), reconcile({ now: sent + 10 * MINUTE }))
        .then([offlineFailure(writeId(1), 1, next.now)]);
      expect(state.profiles[1]?.outcome).toBe('none');
    });

    it('sends it again once the charger has reconnected and reported its configuration', () => {
      const back = sent + 20 * MINUTE;
      spec
        .given([...inFlight, disconnected(undefined, sent + SECOND), offlineFailure(writeId(1), 1, next.now)])
        .when(recordConnected({ now: back }), recordReadyConfiguration({ now: back + SECOND, writeId: writeId(3) }))
        .then([
          connected(undefined, back),
          readyZappiConfiguration(back + SECOND),
          dispatched(writeId(3), p1, back + SECOND),
        ]);
    });
  });

  describe('when an answer arrives for a write that is no longer outstanding', () => {
    // L11: the resend carries the same content, so whichever write the charger stored, it holds that content.
    it('confirms the content on a late Accepted for the timed-out write while its resend is out', () => {
      const given = spec.given([...inFlight, timedOut(writeId(1), 1), dispatched(writeId(2), p1, next.now)]);
      const state = given
        .when(answered(writeId(1), 'Accepted', { now: next.now + SECOND, writeId: writeId(3) }))
        .then([accepted(writeId(1), p1, next.now + SECOND)]);
      expect(state.profiles[1]).toMatchObject({ confirmed: { profile: p1 }, outcome: 'none' });
    });

    it('changes nothing for a late answer that is not Accepted', () => {
      const given = spec.given([...inFlight, timedOut(writeId(1), 1), dispatched(writeId(2), p1, next.now)]);
      const state = given
        .when(answered(writeId(1), 'Rejected', { now: next.now + SECOND, writeId: writeId(3) }))
        .then([]);
      expect(state).toEqual(given.state);
    });

    it('changes nothing for a write id it never dispatched', () => {
      spec
        .given(inFlight)
        .when(answered('write-unknown', 'Accepted', next))
        .then([]);
    });

    it('changes nothing for a second answer to a settled write', () => {
      spec
        .given([...inFlight, accepted(writeId(1), p1, next.now)])
        .when(answered(writeId(1), 'Rejected', { now: next.now + SECOND }))
        .then([]);
    });
  });
});

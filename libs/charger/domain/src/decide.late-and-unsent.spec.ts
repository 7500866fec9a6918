import { deciderSpec } from '@chargeplane/platform-testing';
import { capabilitiesFor, writeBudgetOf } from '@chargeplane/smart-charging-domain';
import type { ChargerCommand, CommandOf } from './commands/commands.js';
import { decide } from './decide.js';
import { commandAt, stateOf, writeInFlight } from './decide.spec-support.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  accepted,
  acceptedWrites,
  aReadyZappi,
  aTxDefaultProfile,
  deferred,
  desired,
  dispatched,
  GUARDED_WINDOW,
  MINUTE,
  outcome,
  reconcile,
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
const at = commandAt;
const inFlight = writeInFlight(p0, p1, sent);
const timeoutAt = sent + 65 * SECOND;
/** A CALLRESULT the edge reports after the call timed out (it names no write id: the content tells). */
const lateAnswer = (content: typeof p1, status: string, now: number): ChargerCommand => ({
  now,
  writeId: writeId(50),
  type: 'RecordLateAnswer',
  answer: { action: 'SetChargingProfile', request: { connectorId: 1, csChargingProfiles: content }, status },
});

describe('Answers that come late or never go out', () => {
  // Rule 3f, L11.
  describe('when a late Accepted arrives after a timeout and before the resend', () => {
    it('confirms the content, sends nothing again and spends no write', () => {
      const state = spec
        .given(inFlight)
        .when(
          outcome(writeId(1), { kind: 'timeout' }, at(timeoutAt, 2)),
          lateAnswer(p1, 'Accepted', timeoutAt + 10 * SECOND),
          reconcile(at(timeoutAt + 2 * MINUTE, 3)),
        )
        .then([timedOut(writeId(1), 1, timeoutAt), accepted(writeId(1), p1, timeoutAt + 10 * SECOND)]);
      expect(state.profiles[1]).toMatchObject({ confirmed: { profile: p1 }, outcome: 'none' });
      expect(writeBudgetOf(state, timeoutAt + 2 * MINUTE, capabilitiesFor('zappi', {}))?.used).toBe(2);
    });

    it('resends once the late answer had its call timeout, when none came', () => {
      spec
        .given([...inFlight, timedOut(writeId(1), 1, timeoutAt)])
        .when(reconcile(at(timeoutAt + MINUTE - 1, 3)), reconcile(at(timeoutAt + MINUTE, 4)))
        .then([dispatched(writeId(4), p1, timeoutAt + MINUTE)]);
    });

    it('changes nothing for a late answer that is not Accepted, or about other content', () => {
      spec
        .given([...inFlight, timedOut(writeId(1), 1, timeoutAt)])
        .when(lateAnswer(p1, 'Rejected', timeoutAt + SECOND), lateAnswer(p2, 'Accepted', timeoutAt + 2 * SECOND))
        .then([]);
    });

    it('ignores a late answer once other content was sent for the profile (that write settles it)', () => {
      spec
        .given([
          ...inFlight,
          timedOut(writeId(1), 1, timeoutAt),
          desired(p2, timeoutAt + SECOND),
          dispatched(writeId(4), p2, timeoutAt + MINUTE),
        ])
        .when(lateAnswer(p1, 'Accepted', timeoutAt + MINUTE + SECOND))
        .then([]);
    });
  });

  // L11, L8: the drill's slow charger answers 40 s after each write; the aggregate's clock gave up on it first.
  describe('when the charger answers only after the same content was sent again', () => {
    const resent = [...inFlight, timedOut(writeId(1), 1, timeoutAt), dispatched(writeId(4), p1, timeoutAt + MINUTE)];

    it('confirms the content on the late Accepted the edge reports, and sends nothing more', () => {
      const state = spec
        .given(resent)
        .when(lateAnswer(p1, 'Accepted', timeoutAt + MINUTE + SECOND))
        .then([accepted(writeId(1), p1, timeoutAt + MINUTE + SECOND)]);
      expect(state.profiles[1]).toMatchObject({ confirmed: { profile: p1 }, outcome: 'none' });
    });

    it('settles the write on the Accepted to its own request after it was settled as timed out, and the resend timing out puts nothing in doubt', () => {
      const answered = timeoutAt + MINUTE + 40 * SECOND;
      const state = spec
        .given([...inFlight])
        .when(
          reconcile(at(timeoutAt, 2)),
          reconcile(at(timeoutAt + MINUTE, 4)),
          outcome(writeId(1), { kind: 'result', status: 'Accepted' }, at(answered, 5)),
          outcome(writeId(4), { kind: 'timeout' }, at(answered + 30 * SECOND, 6)),
          reconcile(at(answered + 10 * MINUTE, 7)),
        )
        .then([
          timedOut(writeId(1), 1, timeoutAt),
          dispatched(writeId(4), p1, timeoutAt + MINUTE),
          accepted(writeId(1), p1, answered),
          timedOut(writeId(4), 1, answered + 30 * SECOND),
        ]);
      expect(state.profiles[1]).toMatchObject({ confirmed: { profile: p1 }, outcome: 'none' });
      expect(state.inFlight).toBeNull();
    });
  });

  // L11: the accelerated drill's slow charger answered a write after the aggregate had given up on it and on its
  // resend; the answer named the first write, the aggregate remembered the resend, and the Accepted was dropped.
  describe('when the answer to its own request comes after a resend of the same content also timed out', () => {
    const resendTimedOut = timeoutAt + MINUTE + 65 * SECOND;
    const ownAnswer = (status: 'Accepted' | 'Rejected', content: typeof p1, now: number): ChargerCommand => ({
      ...(outcome(writeId(1), { kind: 'result', status }, at(now, 6)) as CommandOf<'RecordWriteOutcome'>),
      carried: { action: 'SetChargingProfile', request: { connectorId: 1, csChargingProfiles: content } },
    });
    const bothTimedOut = [
      timedOut(writeId(1), 1, timeoutAt),
      dispatched(writeId(4), p1, timeoutAt + MINUTE),
      timedOut(writeId(4), 1, resendTimedOut),
    ];

    it('confirms the content it carried, the same as the resend', () => {
      const state = spec
        .given([...inFlight])
        .when(
          reconcile(at(timeoutAt, 2)),
          reconcile(at(timeoutAt + MINUTE, 4)),
          reconcile(at(resendTimedOut, 5)),
          ownAnswer('Accepted', p1, resendTimedOut + SECOND),
        )
        .then([...bothTimedOut, accepted(writeId(4), p1, resendTimedOut + SECOND)]);
      expect(state.profiles[1]).toMatchObject({ confirmed: { profile: p1 }, outcome: 'none' });
    });

    it('changes nothing when it is not Accepted or carried other content', () => {
      spec
        .given([...inFlight, ...bothTimedOut])
        .when(
          ownAnswer('Rejected', p1, resendTimedOut + SECOND),
          ownAnswer('Accepted', p2, resendTimedOut + 2 * SECOND),
        )
        .then([]);
    });
  });

  describe('when the CPO replaced the content before the late answer came', () => {
    // A full window holds the newer content back, so the late answer meets it still desired and unsent.
    const full = [
      ...aReadyZappi(),
      ...acceptedWrites(23, T0),
      desired(p1, T0 + 30 * MINUTE),
      dispatched(writeId(1), p1, T0 + 30 * MINUTE),
      timedOut(writeId(1), 1, T0 + 31 * MINUTE),
    ];

    it('confirms the old content as what the charger holds, never as what is desired, and still sends the new', () => {
      const state = spec
        .given(full)
        .when(
          setDesired(p2, at(T0 + 32 * MINUTE, 2)),
          lateAnswer(p1, 'Accepted', T0 + 32 * MINUTE + SECOND),
          reconcile(at(T0 + GUARDED_WINDOW, 3)),
        )
        .then([
          desired(p2, T0 + 32 * MINUTE),
          deferred([1], T0 + GUARDED_WINDOW, T0 + 32 * MINUTE),
          accepted(writeId(1), p1, T0 + 32 * MINUTE + SECOND),
          dispatched(writeId(3), p2, T0 + GUARDED_WINDOW),
        ]);
      expect(state.profiles[1]).toMatchObject({ desired: { profile: p2 }, confirmed: { profile: p1 } });
    });
  });

  // L7: a write the edge never sent (rule 3a holds it back) reached no device.
  describe('when a write was not sent', () => {
    it('gives its write back to the budget, keeps the profile pending and the charger connected, and sends it again', () => {
      const full = [...aReadyZappi(), ...acceptedWrites(23, T0), desired(p1, T0 + 30 * MINUTE)];
      const before = [...full, dispatched(writeId(1), p1, T0 + 30 * MINUTE)];
      const events = spec
        .given(before)
        .when(outcome(writeId(1), { kind: 'not-sent' }, at(T0 + 30 * MINUTE + SECOND, 2)))
        .events();
      expect(events).toEqual([
        {
          type: 'ChargingProfileWriteFailed',
          schemaVersion: 1,
          occurredAt: new Date(T0 + 30 * MINUTE + SECOND).toISOString(),
          data: {
            writeId: writeId(1),
            chargingProfileId: 1,
            failure: 'not-sent',
            code: 'NOT_SENT',
            description:
              'not sent: it waited behind other calls to the charger past its send deadline; it is sent again',
            outcomeKnown: true,
          },
        },
        // Its slot in the window is free again, so the same content goes out at once (the 24th write).
        dispatched(writeId(2), p1, T0 + 30 * MINUTE + SECOND),
      ]);
      const after = stateOf([...before, events[0]!]);
      expect(after.connected).toBe(true);
      expect(after.profiles[1]).toMatchObject({ desired: { profile: p1 }, outcome: 'none' });
      expect(writeBudgetOf(after, T0 + 30 * MINUTE + SECOND, capabilitiesFor('zappi', {}))?.used).toBe(23);
    });

    it('records an unsent configuration write the same way', () => {
      const state = stateOf([
        ...aReadyZappi(),
        {
          type: 'ChargerConfigurationWriteDispatched',
          schemaVersion: 1,
          occurredAt: new Date(T0 + MINUTE).toISOString(),
          data: { writeId: writeId(1), key: 'K', value: 'v', countsAsWrite: true },
        },
      ]);
      const events = decide(outcome(writeId(1), { kind: 'not-sent' }, at(T0 + 2 * MINUTE, 2)), state);
      expect(events[0]).toMatchObject({
        type: 'ChargerConfigurationWriteFailed',
        data: { writeId: writeId(1), key: 'K', failure: 'not-sent', code: 'NOT_SENT' },
      });
      expect(stateOf([...aReadyZappi()]).writeTimes).toEqual(events.slice(0, 1).reduce(evolve, state).writeTimes);
    });
  });
});

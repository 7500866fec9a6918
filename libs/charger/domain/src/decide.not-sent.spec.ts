import { deciderSpec } from '@chargeplane/platform-testing';
import { decide } from './decide.js';
import type { ChargerEvent, EventOf } from './events.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  accepted,
  acceptedWrites,
  aReadyZappi,
  aTxDefaultProfile,
  desired,
  dispatched,
  iso,
  MINUTE,
  outcome,
  periods,
  SECOND,
  T0,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

const pA = aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: periods(1, 30) } });
const pB = aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: periods(1, 31) } });
const SENT = T0 + 30 * MINUTE;
/** The edge's answer, 25 s after dispatch: the write waited behind a slow read past its send deadline (20 s). */
const ANSWERED = SENT + 25 * SECOND;
const notSentCommand = (id: string, now = ANSWERED) => outcome(id, { kind: 'not-sent' }, { now, writeId: writeId(2) });

const event = <T extends ChargerEvent['type']>(type: T, at: number, data: EventOf<T>['data']): EventOf<T> =>
  ({ type, schemaVersion: 1, occurredAt: iso(at), data }) as EventOf<T>;
const NOT_SENT = {
  code: 'NOT_SENT',
  description: 'not sent: it waited behind other calls to the charger past its send deadline; it is sent again',
};
const notSent = (id: string, at = ANSWERED) =>
  event('ChargingProfileWriteFailed', at, {
    writeId: id,
    chargingProfileId: 1,
    failure: 'not-sent',
    ...NOT_SENT,
    outcomeKnown: true,
  });

/** 23 writes from T0, one a minute, then pA dispatched at T0 + 30 min: the guarded window is full. */
const fullWithPA: ChargerEvent[] = [
  ...aReadyZappi(),
  ...acceptedWrites(23, T0),
  desired(pA, SENT),
  dispatched(writeId(1), pA, SENT),
];

describe('Charger profiles', () => {
  describe('when the edge could not send a write before its send deadline (not-sent)', () => {
    it('frees that write’s place in the budget and sends the write again at once', () => {
      const state = spec
        .given(fullWithPA)
        .when(notSentCommand(writeId(1)))
        .then([notSent(writeId(1)), dispatched(writeId(2), pA, ANSWERED)]);
      // The window holds the 23 earlier writes and the new dispatch, not the write that never left the edge.
      expect(state.writeTimes).toEqual([...Array.from({ length: 23 }, (_, i) => T0 + i * MINUTE), ANSWERED]);
    });

    it('sends the newest desired content, coalesced with changes made while it waited', () => {
      spec
        .given([...fullWithPA, desired(pB, SENT + 10 * SECOND)])
        .when(notSentCommand(writeId(1)))
        .then([notSent(writeId(1)), dispatched(writeId(2), pB, ANSWERED)]);
    });

    it('keeps the charger connected and its confirmed profile unchanged (nothing reached it)', () => {
      const state = spec
        .given(fullWithPA)
        .when(notSentCommand(writeId(1)))
        .then([notSent(writeId(1)), dispatched(writeId(2), pA, ANSWERED)]);
      expect(state).toMatchObject({ connected: true, connectionId: 'conn-1' });
      expect(state.profiles[1]?.confirmed?.profile).toEqual(
        aTxDefaultProfile({ chargingSchedule: { chargingSchedulePeriod: periods(1, 6 + 22) } }),
      );
    });

    it('frees nothing for an answer about a write no longer outstanding', () => {
      spec
        .given([...fullWithPA, notSent(writeId(1)), dispatched(writeId(2), pA, ANSWERED)])
        .when(notSentCommand(writeId(1), ANSWERED + SECOND))
        .then([]);
    });
  });

  describe('when the edge says when it sent a write', () => {
    it('records that instant with the outcome', () => {
      const sentAt = SENT + 3 * SECOND;
      spec
        .given(fullWithPA)
        .when(
          outcome(writeId(1), { kind: 'result', status: 'Accepted', sentAt }, { now: ANSWERED, writeId: writeId(2) }),
        )
        .then([
          { ...accepted(writeId(1), pA, ANSWERED), data: { ...accepted(writeId(1), pA).data, sentAt: iso(sentAt) } },
        ]);
    });
  });

  describe('when a ChangeConfiguration (a write on zappi) was not sent in time', () => {
    const configurationDispatched = (id: string, at: number) =>
      event('ChargerConfigurationWriteDispatched', at, {
        writeId: id,
        key: 'RandomSmartChargeDelay',
        value: '0',
        countsAsWrite: true,
      });
    const given: ChargerEvent[] = [
      ...aReadyZappi(),
      ...acceptedWrites(23, T0),
      event('ChargerConfigurationDesired', SENT, { key: 'RandomSmartChargeDelay', value: '0', reason: 'platform' }),
      configurationDispatched(writeId(1), SENT),
    ];

    it('records it as not sent, frees its place in the budget and writes the value again', () => {
      const state = spec
        .given(given)
        .when(notSentCommand(writeId(1)))
        .then([
          event('ChargerConfigurationWriteFailed', ANSWERED, {
            writeId: writeId(1),
            key: 'RandomSmartChargeDelay',
            failure: 'not-sent',
            ...NOT_SENT,
          }),
          configurationDispatched(writeId(2), ANSWERED),
        ]);
      expect(state.writeTimes).toEqual([...Array.from({ length: 23 }, (_, i) => T0 + i * MINUTE), ANSWERED]);
    });
  });
});

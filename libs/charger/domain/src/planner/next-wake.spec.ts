import type { ChargerEvent } from '../events.js';
import { evolve } from '../evolve.js';
import { initialState } from '../state.js';
import {
  accepted,
  acceptedWrites,
  aReadyGeneric,
  aReadyZappi,
  aTxDefaultProfile,
  aTxProfile,
  aZappiRegistered,
  booted,
  configured,
  connected,
  deferred,
  desired,
  disconnected,
  dispatched,
  GUARDED_WINDOW,
  MINUTE,
  rejected,
  SECOND,
  T0,
  TRANSACTION,
  transactionStarted,
  writeId,
} from '../test-builders.js';
import {
  CONFIGURATION_READ_OVERDUE_MS,
  CONFIGURATION_RETRY_OVERDUE_MS,
  configurationReadOverdue,
} from '../configuration/configuration-read.js';
import { inFlightExpired, nextWakeAfter, nextWakeAt } from './next-wake.js';

const stateOf = (events: ChargerEvent[]) => events.reduce(evolve, initialState());
const p = aTxDefaultProfile();
const sent = T0 + 30 * MINUTE;

describe('Charger profiles', () => {
  describe('when nothing waits', () => {
    it('asks for no wake-up', () => {
      expect(
        nextWakeAt(stateOf([...aReadyZappi(), desired(p), dispatched(writeId(1), p), accepted(writeId(1), p)])),
      ).toBeNull();
    });
  });

  describe('when a write is deferred for budget', () => {
    it('wakes at the deferral time', () => {
      expect(
        nextWakeAt(
          stateOf([...aReadyZappi(), ...acceptedWrites(24, T0), desired(p), deferred([1], T0 + GUARDED_WINDOW)]),
        ),
      ).toBe(T0 + GUARDED_WINDOW);
    });

    it('forgets the deferral once a write is dispatched', () => {
      const state = stateOf([
        ...aReadyZappi(),
        deferred([1], T0 + GUARDED_WINDOW),
        dispatched(writeId(1), p, T0 + GUARDED_WINDOW),
        accepted(writeId(1), p),
      ]);
      expect(state.deferredUntil).toBeNull();
      expect(nextWakeAt(state)).toBeNull();
    });
  });

  describe('when a write is outstanding', () => {
    const zappi = stateOf([...aReadyZappi(), desired(p), dispatched(writeId(1), p, sent)]);
    const generic = stateOf([...aReadyGeneric(), desired(p), dispatched(writeId(1), p, sent)]);

    it("wakes after the model's call timeout plus a grace period (zappi: 60 s + 5 s)", () => {
      expect(nextWakeAt(zappi)).toBe(sent + 65 * SECOND);
    });

    it('uses the generic call timeout for other chargers (30 s + 5 s)', () => {
      expect(nextWakeAt(generic)).toBe(sent + 35 * SECOND);
    });

    it('wakes at the earlier of a deferral and the timeout', () => {
      expect(nextWakeAt({ ...zappi, deferredUntil: sent + 10 * SECOND })).toBe(sent + 10 * SECOND);
      expect(nextWakeAt({ ...zappi, deferredUntil: sent + 10 * MINUTE })).toBe(sent + 65 * SECOND);
    });

    it('counts the write as expired from the wake-up time on, not before', () => {
      expect(inFlightExpired(zappi, sent + 65 * SECOND - 1)).toBe(false);
      expect(inFlightExpired(zappi, sent + 65 * SECOND)).toBe(true);
      expect(inFlightExpired(generic, sent + 35 * SECOND)).toBe(true);
    });
  });

  describe('when a refused write waits for its one retry', () => {
    const retryAt = sent + GUARDED_WINDOW;
    const refused = [
      ...aReadyZappi(),
      desired(p),
      dispatched(writeId(1), p, sent),
      rejected(writeId(1), 1, 'Rejected', sent + SECOND, retryAt),
    ];

    it('wakes at the retry time', () => {
      expect(nextWakeAt(stateOf(refused))).toBe(retryAt);
    });

    it('forgets it once the retry is dispatched (then the timeout of that write counts)', () => {
      expect(nextWakeAt(stateOf([...refused, dispatched(writeId(2), p, retryAt)]))).toBe(retryAt + 65 * SECOND);
    });

    it('asks for no wake-up after a final refusal', () => {
      expect(
        nextWakeAt(
          stateOf([
            ...refused,
            dispatched(writeId(2), p, retryAt),
            rejected(writeId(2), 1, 'Rejected', retryAt + SECOND, null),
          ]),
        ),
      ).toBeNull();
      expect(
        nextWakeAt(
          stateOf([
            ...aReadyZappi(),
            desired(p),
            dispatched(writeId(1), p, sent),
            rejected(writeId(1), 1, 'NotSupported', sent + SECOND, null),
          ]),
        ),
      ).toBeNull();
    });

    it('wakes at a budget deferral before the retry', () => {
      expect(nextWakeAt({ ...stateOf(refused), deferredUntil: retryAt - SECOND })).toBe(retryAt - SECOND);
    });

    // A retry due before a budget deferral in force could not be sent anyway: it would only wake the aggregate for
    // nothing.
    it('lets a retry due before a budget deferral in force wait for it', () => {
      expect(nextWakeAt({ ...stateOf(refused), deferredUntil: retryAt + MINUTE })).toBe(retryAt + MINUTE);
    });

    // L16: a wake-up that found nothing to do moves on to the state's next time after it, never stops short of it.
    it('after a wake that found nothing to do, wakes at the next time after it, and at none once none is left', () => {
      const state = { ...stateOf(refused), deferredUntil: retryAt - MINUTE };
      expect(nextWakeAt(state)).toBe(retryAt - MINUTE);
      expect(nextWakeAfter(state, retryAt - MINUTE)).toBe(retryAt);
      expect(nextWakeAfter(state, retryAt - 2 * MINUTE)).toBe(retryAt - MINUTE);
      expect(nextWakeAfter(state, retryAt)).toBeNull();
    });

    it('wakes for the timeout of an outstanding write, not for a retry due before it', () => {
      const tx = aTxProfile({ transactionId: TRANSACTION });
      const state = stateOf([
        ...refused,
        transactionStarted(),
        desired(tx, retryAt - MINUTE),
        dispatched(writeId(2), tx, retryAt - 10 * SECOND),
      ]);
      expect(state.profiles[1]).toMatchObject({ outcome: 'rejected', retryAt });
      expect(nextWakeAt(state)).toBe(retryAt + 55 * SECOND);
    });
  });

  // Z17a: the read a connection or boot calls for is scheduled in memory; should it never be recorded (its process
  // died, its call found nobody), the charger would wait for it for ever.
  describe('when a configuration read is not recorded', () => {
    const failedRead = (at: number) =>
      ({
        ...configured({}, at),
        data: { values: {}, unknownKeys: [], readFailure: { failure: 'timeout', description: 'no answer' } },
      }) as ChargerEvent;

    it('wakes when the read of the connection is overdue, and counts it overdue only from then', () => {
      const state = stateOf([aZappiRegistered(), connected('conn-1', T0 + MINUTE)]);
      expect(nextWakeAt(state)).toBe(T0 + MINUTE + CONFIGURATION_READ_OVERDUE_MS);
      expect(configurationReadOverdue(state, T0 + MINUTE + CONFIGURATION_READ_OVERDUE_MS - 1)).toBe(false);
      expect(configurationReadOverdue(state, T0 + MINUTE + CONFIGURATION_READ_OVERDUE_MS)).toBe(true);
    });

    it('counts from the boot that followed the connection', () => {
      const state = stateOf([aZappiRegistered(), connected('conn-1', T0), booted('5.5', T0 + 10 * SECOND)]);
      expect(nextWakeAt(state)).toBe(T0 + 10 * SECOND + CONFIGURATION_READ_OVERDUE_MS);
    });

    it('asks for nothing once a read succeeded', () => {
      const state = stateOf(aReadyZappi());
      expect(nextWakeAt(state)).toBeNull();
      expect(configurationReadOverdue(state, T0 + 24 * 60 * MINUTE)).toBe(false);
    });

    it('after a failed read, wakes only once its own retries are overdue too', () => {
      const state = stateOf([aZappiRegistered(), connected('conn-1', T0), failedRead(T0 + 30 * SECOND)]);
      expect(nextWakeAt(state)).toBe(T0 + 30 * SECOND + CONFIGURATION_RETRY_OVERDUE_MS);
    });

    it('asks for nothing while the charger is offline', () => {
      const state = stateOf([aZappiRegistered(), connected('conn-1', T0), disconnected('conn-1', T0 + SECOND)]);
      expect(nextWakeAt(state)).toBeNull();
      expect(configurationReadOverdue(state, T0 + 24 * 60 * MINUTE)).toBe(false);
    });
  });

  describe('when no write is outstanding', () => {
    it('never counts a write as expired', () => {
      expect(inFlightExpired(stateOf(aReadyZappi()), T0 + 24 * 60 * MINUTE)).toBe(false);
    });
  });
});

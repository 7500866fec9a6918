import { deciderSpec } from '@chargeplane/platform-testing';
import { decide } from './decide.js';
import type { ChargerEvent } from './events.js';
import { evolve } from './evolve.js';
import { initialState } from './state.js';
import {
  aReadyZappi,
  aTxDefaultProfile,
  confirmedEarlier,
  connected,
  CONNECTION,
  deferred,
  desired,
  dispatched,
  MINUTE,
  offlineFailure,
  outcome,
  readyZappiConfiguration,
  reconcile,
  recordConnected,
  recordReadyConfiguration,
  SECOND,
  setDesired,
  T0,
  withLimit,
  writeId,
} from './test-builders.js';

const spec = deciderSpec({ decide, evolve, initialState }, expect);

const p0 = aTxDefaultProfile();
const p1 = withLimit(p0, 20);
const p2 = withLimit(p0, 24);
const sent = T0 + MINUTE;
const answeredAt = sent + 2 * SECOND;
/** p0 confirmed; p1 dispatched as write-1 on the charger's connection (conn-1), which the state still holds. */
const inFlight: ChargerEvent[] = [
  ...aReadyZappi(),
  ...confirmedEarlier(p0, writeId(0)),
  desired(p1, sent),
  dispatched(writeId(1), p1, sent),
];
const offlineAnswer = (o: { now: number; writeId?: string }) => outcome(writeId(1), { kind: 'offline' }, o);

describe('Charger profiles', () => {
  describe('when a write finds nobody holding the charger (offline answer)', () => {
    it('marks the charger disconnected and keeps the change pending', () => {
      const state = spec
        .given(inFlight)
        .when(offlineAnswer({ now: answeredAt, writeId: writeId(2) }))
        .then([offlineFailure(writeId(1), 1, answeredAt)]);
      expect(state).toMatchObject({ connected: false, connectionId: null, inFlight: null });
      expect(state.profiles[1]).toMatchObject({
        desired: { profile: p1 },
        confirmed: { profile: p0 },
        outcome: 'none',
        lastError: { code: 'OFFLINE' },
      });
    });

    it('sends nothing more, however often it is woken (no retry loop)', () => {
      spec
        .given([...inFlight, offlineFailure(writeId(1), 1, answeredAt)])
        .when(
          reconcile({ now: answeredAt + SECOND, writeId: writeId(2) }),
          reconcile({ now: sent + 30 * MINUTE, writeId: writeId(3) }),
        )
        .then([]);
    });

    it('says that a later change waits for the connection', () => {
      spec
        .given([...inFlight, offlineFailure(writeId(1), 1, answeredAt)])
        .when(setDesired(p2, { now: sent + 5 * MINUTE, writeId: writeId(2) }))
        .then([desired(p2, sent + 5 * MINUTE), deferred([1], null, sent + 5 * MINUTE)]);
    });

    it('takes the next connection as the charger back, even under the same connection id, and sends after its configuration read', () => {
      const back = sent + 10 * MINUTE;
      spec
        .given([...inFlight, offlineFailure(writeId(1), 1, answeredAt)])
        .when(
          recordConnected({ now: back, writeId: writeId(2), connectionId: CONNECTION }),
          recordReadyConfiguration({ now: back + SECOND, writeId: writeId(3) }),
        )
        .then([
          connected(CONNECTION, back),
          readyZappiConfiguration(back + SECOND),
          dispatched(writeId(3), p1, back + SECOND),
        ]);
    });
  });

  describe('when the offline answer concerns a connection the charger has since replaced', () => {
    // The write went out on conn-1; the charger was back on conn-2 before its answer was recorded.
    const reconnected: ChargerEvent[] = [...inFlight, connected('conn-2', sent + SECOND)];

    it('keeps the charger connected on its current connection', () => {
      const state = spec
        .given(reconnected)
        .when(offlineAnswer({ now: answeredAt, writeId: writeId(2) }))
        .then([offlineFailure(writeId(1), 1, answeredAt)]);
      expect(state).toMatchObject({ connected: true, connectionId: 'conn-2', inFlight: null });
      expect(state.profiles[1]?.outcome).toBe('none');
    });

    it('sends the change again on that connection once its configuration is read', () => {
      spec
        .given(reconnected)
        .when(
          offlineAnswer({ now: answeredAt, writeId: writeId(2) }),
          recordReadyConfiguration({ now: answeredAt + SECOND, writeId: writeId(3) }),
        )
        .then([
          offlineFailure(writeId(1), 1, answeredAt),
          readyZappiConfiguration(answeredAt + SECOND),
          dispatched(writeId(3), p1, answeredAt + SECOND),
        ]);
    });
  });
});

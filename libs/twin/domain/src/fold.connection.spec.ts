import { viewTwin } from './view.js';
import { aProfile, aReadyZappi, desired, dispatched, ev, failed, T0, SECOND, twinOf } from './test-builders.js';

const p1 = aProfile();
const reconnected = (at: number) => ev('ChargerConnected', at, { edgeId: 'edge-2', connectionId: 'conn-2' });

// Rule 3e, L4: an answer about an older connection says nothing about the one the charger is on now.
describe('Charger twin connection', () => {
  describe('when a write sent on an older connection is answered offline after the charger reconnected', () => {
    const events = [
      ...aReadyZappi(),
      desired(p1),
      dispatched('w1', p1, T0 + SECOND),
      reconnected(T0 + 2 * SECOND),
      failed('w1', 1, 'offline', T0 + 3 * SECOND),
    ];

    it('keeps showing the charger connected, with the profile still to be written', () => {
      const view = viewTwin(twinOf(events), T0 + 4 * SECOND);
      expect(view.connected).toBe(true);
      expect(view.profiles[0]).toMatchObject({
        chargingProfileId: 1,
        sync: 'deferred',
        lastError: { code: 'OFFLINE' },
      });
    });

    it('keeps it connected when the old connection is then reported closed', () => {
      const closedLate = ev('ChargerDisconnected', T0 + 5 * SECOND, {
        edgeId: 'edge-1',
        connectionId: 'conn-1',
        reason: 'socket closed',
      });
      expect(viewTwin(twinOf([...events, closedLate]), T0 + 6 * SECOND).connected).toBe(true);
    });
  });

  describe('when a write sent on the current connection is answered offline', () => {
    it('shows the charger offline and the profile awaiting the connection', () => {
      const view = viewTwin(
        twinOf([
          ...aReadyZappi(),
          desired(p1),
          dispatched('w1', p1, T0 + SECOND),
          failed('w1', 1, 'offline', T0 + 2 * SECOND),
        ]),
        T0 + 3 * SECOND,
      );
      expect(view.connected).toBe(false);
      expect(view.profiles[0]?.sync).toBe('awaiting-connection');
    });
  });
});

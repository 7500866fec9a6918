import type { ChargerEvent } from '@chargeplane/contracts-events';
import { syncCounts } from './sync-counts.js';
import {
  accepted,
  aProfile,
  aReadyZappi,
  connected,
  deferred,
  desired,
  disconnected,
  dispatched,
  failed,
  MINUTE,
  registered,
  rejected,
  T0,
  twinOf,
} from './test-builders.js';

// A generic charger stacks profiles of one purpose at distinct levels, so each keeps its own state.
const p = (id: number) => aProfile({ chargingProfileId: id, stackLevel: id });

describe('Twin sync counts', () => {
  it('counts every sync state a profile can reach from the charger stream', () => {
    // One write is outstanding at a time (the aggregate's rule), so the dispatched one comes last.
    const settled: ChargerEvent[] = [
      registered('generic-ocpp16'),
      connected(),
      desired(p(1)),
      dispatched('w1', p(1)),
      accepted('w1', p(1)), // in-sync
      desired(p(3)),
      deferred([3], T0 + MINUTE), // deferred (write budget)
      desired(p(4)),
      dispatched('w4', p(4)),
      rejected('w4', 4), // rejected
      desired(p(5)),
      dispatched('w5', p(5)),
      failed('w5', 5, 'call-error'), // failed
    ];
    const events = [...settled, desired(p(2)), dispatched('w2', p(2))]; // dispatched
    expect(syncCounts(twinOf(events))).toEqual({ 'in-sync': 1, dispatched: 1, deferred: 1, rejected: 1, failed: 1 });
    // A write that finds the charger offline: it and every other pending profile await the connection.
    const offline = [...settled, desired(p(6)), dispatched('w6', p(6)), failed('w6', 6, 'offline')];
    expect(syncCounts(twinOf(offline))).toEqual({
      'in-sync': 1,
      rejected: 1,
      failed: 1,
      'awaiting-connection': 2,
    });
  });

  it('moves pending writes to awaiting-connection when the charger goes offline', () => {
    const twin = twinOf([...aReadyZappi(), desired(p(1)), deferred([1], T0 + MINUTE), disconnected()]);
    expect(syncCounts(twin)).toEqual({ 'awaiting-connection': 1 });
  });

  it('is empty for a charger without profiles', () => {
    expect(syncCounts(twinOf(aReadyZappi()))).toEqual({});
  });
});

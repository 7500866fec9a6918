import type { ChargerEventLog } from '@chargeplane/charger-application';
import { chargerStreamId, type EventEnvelope } from '@chargeplane/contracts-events';
import type { PostgresEventStore } from '@chargeplane/platform-event-store';

/** The charger streams in the event store, read as stored. */
export class PostgresChargerEventLog implements ChargerEventLog {
  constructor(private readonly store: PostgresEventStore) {}

  read(chargerId: string, fromVersion: number): Promise<EventEnvelope[]> {
    return this.store.readStream(chargerStreamId(chargerId), fromVersion);
  }

  version(chargerId: string): Promise<number> {
    return this.store.streamVersion(chargerStreamId(chargerId));
  }
}

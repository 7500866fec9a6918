import { chargerStreamId, parseChargerEvent, type EventEnvelope } from '@chargeplane/contracts-events';
import { chargerProfileViews, cpoTxDefaultProfileId, type ChargerProfileView } from '@chargeplane/compliance-domain';
import type { PostgresEventStore } from '@chargeplane/platform-event-store';
import {
  capabilitiesFor,
  emptyLedger,
  evolveLedger,
  type DeviceModel,
  type ProfileLedger,
} from '@chargeplane/smart-charging-domain';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

const LedgerRow = z.object({
  version: z.number().int(),
  ledger: z.custom<ProfileLedger>((v) => typeof v === 'object' && v !== null && 'profiles' in v),
});
const LedgerRows = z.array(LedgerRow);

/**
 * Each GB charger's profile ledger, folded from its charger stream with `evolveLedger` (the fold the aggregate
 * and the twin use) and stored with the stream version it has taken in: every event is folded exactly once, in
 * stream order. A ledger behind the event it is given (a new table, a missed event) reads the missing versions
 * from the event store first.
 */
export class ChargerProfilesProjection {
  constructor(
    private readonly db: DataSource,
    private readonly store: Pick<PostgresEventStore, 'readStream'>,
  ) {}

  /** Takes one charger event in (any type: writes, answers, connection and transactions all shape the ledger). */
  async apply(envelope: EventEnvelope, model: DeviceModel): Promise<void> {
    const chargerId = envelope.chargerId;
    const row = await this.load(chargerId);
    if (envelope.streamVersion <= row.version) return;
    const events =
      envelope.streamVersion === row.version + 1
        ? [envelope]
        : (await this.store.readStream(chargerStreamId(chargerId), row.version + 1)).filter(
            (e) => e.streamVersion <= envelope.streamVersion,
          );
    // The fold uses only what the model fixes (its replacement rule and write budget), never reported keys.
    const caps = capabilitiesFor(model, {});
    let { ledger, version } = row;
    for (const e of events) {
      if (e.streamVersion !== version + 1) break;
      ledger = evolveLedger(ledger, parseChargerEvent(e), caps);
      version = e.streamVersion;
    }
    if (version !== envelope.streamVersion)
      throw new Error(`charger ${chargerId}: the event store has no version ${version + 1} yet`);
    await this.db.query(
      `INSERT INTO compliance_charger_ledgers (charger_id, version, ledger) VALUES ($1, $2, $3)
       ON CONFLICT (charger_id) DO UPDATE SET version = EXCLUDED.version, ledger = EXCLUDED.ledger
       WHERE compliance_charger_ledgers.version < EXCLUDED.version`,
      [chargerId, version, JSON.stringify(ledger)],
    );
  }

  async list(chargerId: string): Promise<ChargerProfileView[]> {
    return chargerProfileViews((await this.load(chargerId)).ledger);
  }

  /** The CPO's own desired TxDefaultProfile (not the platform's default), if any. */
  async cpoTxDefaultProfileId(chargerId: string): Promise<number | null> {
    return cpoTxDefaultProfileId((await this.load(chargerId)).ledger);
  }

  private async load(chargerId: string): Promise<{ version: number; ledger: ProfileLedger }> {
    const rows = LedgerRows.parse(
      await this.db.query(`SELECT version, ledger FROM compliance_charger_ledgers WHERE charger_id = $1`, [chargerId]),
    );
    return rows[0] ?? { version: 0, ledger: emptyLedger() };
  }
}

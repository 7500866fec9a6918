import type { ChargerRegistry } from '@chargeplane/charger-application';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

const Row = z.object({
  charger_id: z.string(),
  tenant_id: z.string(),
  model: z.enum(['zappi', 'generic-ocpp16']),
  credentials_hash: z.string(),
});
export type DirectoryEntry = z.infer<typeof Row>;
const Rows = z.array(Row);
const ChargerIds = z.array(z.object({ charger_id: z.string() }));
const Wakeups = z.array(z.object({ charger_id: z.string(), wake_at: z.date() }));
const NextIds = z.array(z.object({ id: z.coerce.number() }));

/** Lookups on the charger directory (kept by the repository in the events' transaction). */
export class ChargerDirectory implements ChargerRegistry {
  constructor(private readonly db: DataSource) {}

  async isRegistered(chargerId: string): Promise<boolean> {
    return (await this.find(chargerId)) !== null;
  }

  async registeredAmong(chargerIds: readonly string[]): Promise<Set<string>> {
    if (chargerIds.length === 0) return new Set();
    const rows = ChargerIds.parse(
      await this.db.query(`SELECT charger_id FROM chargers WHERE charger_id = ANY($1::text[])`, [[...chargerIds]]),
    );
    return new Set(rows.map((r) => r.charger_id));
  }

  async find(chargerId: string): Promise<DirectoryEntry | null> {
    const rows = Rows.parse(
      await this.db.query(`SELECT charger_id, tenant_id, model, credentials_hash FROM chargers WHERE charger_id = $1`, [
        chargerId,
      ]),
    );
    return rows[0] ?? null;
  }

  /** Charger ids of a tenant (optionally with a tag), for bulk operations. */
  async idsOf(tenantId: string, tag?: string): Promise<string[]> {
    const rows = ChargerIds.parse(
      await this.db.query(
        `SELECT charger_id FROM chargers WHERE tenant_id = $1 AND ($2::text IS NULL OR $2 = ANY(tags)) ORDER BY charger_id`,
        [tenantId, tag ?? null],
      ),
    );
    return rows.map((r) => r.charger_id);
  }

  /** Chargers whose aggregate asked to be woken at or before `until`. */
  async dueWakeups(until: Date): Promise<{ chargerId: string; wakeAt: Date }[]> {
    const rows = Wakeups.parse(
      await this.db.query(
        `SELECT charger_id, wake_at FROM chargers WHERE wake_at IS NOT NULL AND wake_at <= $1 ORDER BY wake_at`,
        [until],
      ),
    );
    return rows.map((r) => ({ chargerId: r.charger_id, wakeAt: r.wake_at }));
  }

  /**
   * Stops waking a charger whose wake-up, decided on the stream at `decidedAt` (its version), found nothing to
   * do: only while the wake time is still the one set at that version. A later append (another replica's) set a
   * wake time of its own, which a decision on the older state knows nothing about; it stays.
   */
  async clearWakeup(chargerId: string, dueBy: Date, decidedAt: number): Promise<void> {
    await this.db.query(
      `UPDATE chargers SET wake_at = NULL WHERE charger_id = $1 AND wake_at <= $2 AND wake_version = $3`,
      [chargerId, dueBy, decidedAt],
    );
  }

  /**
   * Wakes a charger again at `next` instead of its wake time due by `dueBy`, under the same rule as `clearWakeup`:
   * only while that wake time is still the one set at the version the wake-up decided on.
   */
  async postponeWakeup(chargerId: string, dueBy: Date, next: Date, decidedAt: number): Promise<void> {
    await this.db.query(
      `UPDATE chargers SET wake_at = $4 WHERE charger_id = $1 AND wake_at <= $2 AND wake_version = $3`,
      [chargerId, dueBy, decidedAt, next],
    );
  }

  async nextTransactionId(): Promise<number> {
    const [row] = NextIds.parse(await this.db.query(`SELECT nextval('transaction_ids') AS id`));
    return row!.id;
  }
}

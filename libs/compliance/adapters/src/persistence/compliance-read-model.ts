import type { ComplianceFleetReport } from '@chargeplane/contracts-api';
import type { ComplianceVerdict, PolicyState } from '@chargeplane/compliance-domain';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';

const Row = z.object({
  tenant_id: z.string(),
  model: z.enum(['zappi', 'generic-ocpp16']),
  charger_version: z.number().int(),
});
export type PolicyRow = z.infer<typeof Row>;
const Rows = z.array(Row);
const ChargerIds = z.array(z.object({ charger_id: z.string() }));
const Mode = z.enum(['device', 'platform']);
const ReportCounts = z.array(
  z.object({ status: z.enum(['compliant', 'non-compliant']), mode: Mode, n: z.coerce.number() }),
);
const Attention = z.array(
  z.object({ charger_id: z.string(), mode: Mode, reasons: z.array(z.string()), status_since: z.date() }),
);

/**
 * One row per GB charger: status and reasons (the fleet report), when the process must look at it again
 * (the scheduler), and the last charger-stream version compliance-gb has taken in.
 */
export class ComplianceReadModel {
  constructor(private readonly db: DataSource) {}

  /** Upserts the row after an append, in the append's transaction; `status_since` moves only when the verdict changes. */
  async save(
    tx: EntityManager,
    chargerId: string,
    state: PolicyState,
    verdict: ComplianceVerdict,
    version: number,
    nowMs: number,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO compliance_policies (charger_id, tenant_id, model, mode, platform_delay_active, status, reasons, status_since, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (charger_id) DO UPDATE SET
         mode = EXCLUDED.mode, platform_delay_active = EXCLUDED.platform_delay_active, version = EXCLUDED.version, updated_at = now(),
         status_since = CASE WHEN compliance_policies.status <> EXCLUDED.status OR compliance_policies.reasons <> EXCLUDED.reasons
                             THEN EXCLUDED.status_since ELSE compliance_policies.status_since END,
         status = EXCLUDED.status, reasons = EXCLUDED.reasons`,
      [
        chargerId,
        state.tenantId,
        state.model,
        state.settings.randomisedDelay.mode,
        state.platformDelayActive,
        verdict.status,
        verdict.reasons,
        new Date(nowMs),
        version,
      ],
    );
  }

  /** Status that changed with time alone (a grace or a horizon passed), and when to look again. */
  async refresh(
    chargerId: string,
    verdict: ComplianceVerdict,
    nextActionAtMs: number | null,
    nowMs: number,
  ): Promise<void> {
    await this.db.query(
      `UPDATE compliance_policies SET next_action_at = $2, updated_at = now(),
         status_since = CASE WHEN status <> $3 OR reasons <> $4 THEN $5 ELSE status_since END,
         status = $3, reasons = $4
       WHERE charger_id = $1`,
      [
        chargerId,
        nextActionAtMs === null ? null : new Date(nextActionAtMs),
        verdict.status,
        verdict.reasons,
        new Date(nowMs),
      ],
    );
  }

  async find(chargerId: string): Promise<PolicyRow | null> {
    const rows = Rows.parse(
      await this.db.query(`SELECT tenant_id, model, charger_version FROM compliance_policies WHERE charger_id = $1`, [
        chargerId,
      ]),
    );
    return rows[0] ?? null;
  }

  /** Which of these chargers have a policy (GB chargers): one query for a batch of events. */
  async withPolicy(chargerIds: readonly string[]): Promise<Set<string>> {
    const rows = ChargerIds.parse(
      await this.db.query(`SELECT charger_id FROM compliance_policies WHERE charger_id = ANY($1::text[])`, [
        [...chargerIds],
      ]),
    );
    return new Set(rows.map((r) => r.charger_id));
  }

  async setChargerVersion(chargerId: string, version: number): Promise<void> {
    await this.db.query(
      `UPDATE compliance_policies SET charger_version = GREATEST(charger_version, $2) WHERE charger_id = $1`,
      [chargerId, version],
    );
  }

  async setNextAction(chargerId: string, atMs: number): Promise<void> {
    await this.db.query(`UPDATE compliance_policies SET next_action_at = $2 WHERE charger_id = $1`, [
      chargerId,
      new Date(atMs),
    ]);
  }

  /** Claims chargers due by `nowMs` for `leaseMs` (several replicas never take the same one at once). */
  async claimDue(nowMs: number, leaseMs: number, limit: number): Promise<string[]> {
    const rows = ChargerIds.parse(
      await this.db.query(
        // A SELECT around the UPDATE: TypeORM answers an UPDATE with [rows, count], a SELECT with rows.
        `WITH claimed AS (
           UPDATE compliance_policies SET next_action_at = $2
            WHERE charger_id IN (SELECT charger_id FROM compliance_policies WHERE next_action_at <= $1
                                 ORDER BY next_action_at LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING charger_id)
         SELECT charger_id FROM claimed ORDER BY charger_id`,
        [new Date(nowMs), new Date(nowMs + leaseMs), limit],
      ),
    );
    return rows.map((r) => r.charger_id);
  }

  /** The tenant's GB fleet: counts by status and mode, and the non-compliant chargers, longest first. */
  async report(tenantId: string, limit: number, nowMs: number): Promise<ComplianceFleetReport> {
    const counts = ReportCounts.parse(
      await this.db.query(
        `SELECT status, mode, count(*) AS n FROM compliance_policies WHERE tenant_id = $1 GROUP BY status, mode`,
        [tenantId],
      ),
    );
    const attention = Attention.parse(
      await this.db.query(
        `SELECT charger_id, mode, reasons, status_since FROM compliance_policies
            WHERE tenant_id = $1 AND status = 'non-compliant' ORDER BY status_since, charger_id LIMIT $2`,
        [tenantId, limit],
      ),
    );
    const sum = (pick: (c: (typeof counts)[number]) => boolean) => counts.filter(pick).reduce((a, c) => a + c.n, 0);
    return {
      tenantId,
      total: sum(() => true),
      byStatus: {
        compliant: sum((c) => c.status === 'compliant'),
        'non-compliant': sum((c) => c.status === 'non-compliant'),
      },
      byMode: { device: sum((c) => c.mode === 'device'), platform: sum((c) => c.mode === 'platform') },
      needingAttention: attention.map((a) => ({
        chargerId: a.charger_id,
        mode: a.mode,
        reasons: a.reasons,
        since: a.status_since.toISOString(),
      })),
      generatedAt: new Date(nowMs).toISOString(),
    };
  }
}

import type { AssignmentRequest, AssignmentStore, TargetUpdate } from '@chargeplane/charger-application';
import { preparedStatement, queryPrepared } from '@chargeplane/platform-event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import type { ChargerAppend } from './postgres-charger.repository.js';

const Progress = z.array(z.object({ status: z.string(), count: z.coerce.number() }));
const Unfinished = z.array(
  z.object({
    assignment_id: z.string(),
    tenant_id: z.string(),
    request: z.object({
      connectorId: z.number(),
      chargingProfile: z.custom<AssignmentRequest['chargingProfile']>(),
    }),
    charger_ids: z.array(z.string()),
  }),
);
const Heads = z.array(z.object({ created_at: z.date(), charging_profile_id: z.number() }));
const Refusals = z.array(z.object({ charger_id: z.string(), status: z.string(), code: z.string().nullable() }));

/** Each charger's answer settles its open targets for that profile id (prepared: it runs with every append). */
const SETTLE_TARGETS = preparedStatement(
  'chargeplane_assignment_settle',
  `UPDATE assignment_targets t SET status = s.status, updated_at = now()
     FROM unnest($1::text[], $2::int[], $3::text[]) AS s(charger_id, profile_id, status)
    WHERE t.charger_id = s.charger_id AND t.charging_profile_id = s.profile_id
      AND t.status NOT IN ('confirmed', 'refused', 'not-found')`,
);

/** Assignments in PostgreSQL; `project` runs in each append's transaction to record confirmations. */
export class AssignmentsRepository implements AssignmentStore {
  constructor(private readonly db: DataSource) {}

  async create(r: AssignmentRequest): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO assignments (assignment_id, tenant_id, charging_profile_id, request) VALUES ($1, $2, $3, $4)`,
        [
          r.assignmentId,
          r.tenantId,
          r.chargingProfile.chargingProfileId,
          { connectorId: r.connectorId, chargingProfile: r.chargingProfile },
        ],
      );
      await tx.query(
        `INSERT INTO assignment_targets (assignment_id, charger_id, charging_profile_id, status)
         SELECT $1, unnest($2::text[]), $3, 'pending'`,
        [r.assignmentId, r.chargerIds, r.chargingProfile.chargingProfileId],
      );
    });
  }

  /** Records the commands' answers unless a charger already got further (its Accepted may land first). */
  async setStatuses(assignmentId: string, updates: readonly TargetUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await this.db.query(
      `UPDATE assignment_targets t SET status = u.status, code = u.code, updated_at = now()
         FROM unnest($2::text[], $3::text[], $4::text[]) AS u(charger_id, status, code)
        WHERE t.assignment_id = $1 AND t.charger_id = u.charger_id AND t.status NOT IN ('confirmed', 'rejected')`,
      [assignmentId, updates.map((u) => u.chargerId), updates.map((u) => u.status), updates.map((u) => u.code)],
    );
  }

  /** In the appends' transaction: each charger's answer settles every open target for that profile id. */
  async project(tx: EntityManager, appends: readonly ChargerAppend[]): Promise<void> {
    const settled = appends.flatMap(({ chargerId, chargerEvents }) =>
      chargerEvents.flatMap((e) =>
        e.type === 'ChargingProfileAccepted' || e.type === 'ChargingProfileRejectedByCharger'
          ? [
              {
                chargerId,
                profileId: e.data.chargingProfileId,
                status: e.type === 'ChargingProfileAccepted' ? 'confirmed' : 'rejected',
              },
            ]
          : [],
      ),
    );
    if (settled.length === 0) return;
    // A charger's last answer for a profile wins, as it would with one statement per answer in order.
    const last = [...new Map(settled.map((s) => [`${s.chargerId}\u0000${s.profileId}`, s])).values()];
    await queryPrepared(tx, SETTLE_TARGETS, [
      last.map((s) => s.chargerId),
      last.map((s) => s.profileId),
      last.map((s) => s.status),
    ]);
  }

  /** Assignments whose run stopped before every charger got the command (a restart mid-run). */
  async unfinished(): Promise<AssignmentRequest[]> {
    const rows = Unfinished.parse(
      await this.db.query(
        `SELECT a.assignment_id, a.tenant_id, a.request, array_agg(t.charger_id ORDER BY t.charger_id) AS charger_ids
             FROM assignments a JOIN assignment_targets t USING (assignment_id)
            WHERE t.status = 'pending' GROUP BY a.assignment_id, a.tenant_id, a.request`,
      ),
    );
    return rows.map((r) => ({
      assignmentId: r.assignment_id,
      tenantId: r.tenant_id,
      connectorId: r.request.connectorId,
      chargingProfile: r.request.chargingProfile,
      chargerIds: r.charger_ids,
    }));
  }

  async progress(tenantId: string, assignmentId: string) {
    const head = Heads.parse(
      await this.db.query(
        `SELECT created_at, charging_profile_id FROM assignments WHERE assignment_id = $1 AND tenant_id = $2`,
        [assignmentId, tenantId],
      ),
    );
    if (!head[0]) return null;
    const counts = Progress.parse(
      await this.db.query(
        `SELECT status, count(*) AS count FROM assignment_targets WHERE assignment_id = $1 GROUP BY status`,
        [assignmentId],
      ),
    );
    const byStatus = Object.fromEntries(counts.map((c) => [c.status, c.count]));
    const total = counts.reduce((s, c) => s + c.count, 0);
    const done =
      (byStatus['confirmed'] ?? 0) +
      (byStatus['refused'] ?? 0) +
      (byStatus['rejected'] ?? 0) +
      (byStatus['not-found'] ?? 0) +
      (byStatus['failed'] ?? 0);
    const refusals = Refusals.parse(
      await this.db.query(
        `SELECT charger_id, status, code FROM assignment_targets WHERE assignment_id = $1 AND status IN ('refused', 'rejected', 'not-found', 'failed') ORDER BY charger_id LIMIT 100`,
        [assignmentId],
      ),
    );
    return {
      assignmentId,
      chargingProfileId: head[0].charging_profile_id,
      createdAt: head[0].created_at.toISOString(),
      total,
      completed: done,
      byStatus,
      problems: refusals.map((r) => ({ chargerId: r.charger_id, status: r.status, code: r.code })),
    };
  }
}

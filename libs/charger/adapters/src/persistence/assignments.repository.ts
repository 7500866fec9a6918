import type { AssignmentRequest, AssignmentStore, TargetUpdate } from '@chargeplane/charger-application';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { ChargerAppendRequest, WriterCompanion } from './postgres-charger.repository.js';

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

/**
 * Kept by every charger append (a companion of the append statement): each charger's answer settles its open targets
 * for that profile id.
 */
export const SETTLE_TARGETS: WriterCompanion = {
  companion: {
    name: 'settle_targets',
    types: ['text[]', 'text[]', 'int[]', 'text[]'],
    sql: ([streams, chargers, profiles, statuses]) =>
      `UPDATE assignment_targets t SET status = s.status, updated_at = now()
         FROM unnest(${streams}, ${chargers}, ${profiles}, ${statuses}) AS s(stream_id, charger_id, profile_id, status)
        WHERE s.stream_id IN (SELECT stream_id FROM written)
          AND t.charger_id = s.charger_id AND t.charging_profile_id = s.profile_id
          AND t.status NOT IN ('confirmed', 'refused', 'not-found')`,
  },
  values: (appends) => {
    const settled = appends.flatMap(settledBy);
    return [
      settled.map((s) => s.streamId),
      settled.map((s) => s.chargerId),
      settled.map((s) => s.profileId),
      settled.map((s) => s.status),
    ];
  },
};

/** The targets an append settles: its charger's last answer for each profile id (as statements in order would). */
function settledBy({ streamId, chargerId, chargerEvents }: ChargerAppendRequest) {
  const last = new Map<number, { streamId: string; chargerId: string; profileId: number; status: string }>();
  for (const e of chargerEvents) {
    if (e.type !== 'ChargingProfileAccepted' && e.type !== 'ChargingProfileRejectedByCharger') continue;
    const status = e.type === 'ChargingProfileAccepted' ? 'confirmed' : 'rejected';
    last.set(e.data.chargingProfileId, { streamId, chargerId, profileId: e.data.chargingProfileId, status });
  }
  return [...last.values()];
}

/** Assignments in PostgreSQL; charger appends settle their targets (`SETTLE_TARGETS`). */
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

import { randomUUID } from 'node:crypto';
import type { ChargerEvent } from '@chargeplane/charger-domain';
import { ConcurrencyError, subjects } from '@chargeplane/contracts-api';
import { createDataSource, eventStoreMigrations, migrate, PostgresEventStore } from '@chargeplane/platform-event-store';
import { migratedSchema } from '@chargeplane/platform-testing';
import type { DataSource } from 'typeorm';
import { CreateChargerTables1732500001000 } from '../migrations/1732500001000-create-charger-tables.js';
import { CreateAssignments1732500003000 } from '../migrations/1732500003000-create-assignments.js';
import { WakeVersion1732500008300 } from '../migrations/1732500008300-wake-version.js';
import { SETTLE_TARGETS } from './assignments.repository.js';
import { PostgresChargerRepository } from './postgres-charger.repository.js';

const TENANT = 'tenant-repo';
const CONTEXT = { tenantId: TENANT, correlationId: 'corr-repo', causationId: null };
// The test's clock: when it runs (nothing here depends on the day, the wake-ups are hours after it).
const NOW = Date.now();
const AT = new Date(NOW).toISOString();
const HOUR = 3_600_000;
const PROFILE = {
  chargingProfileId: 4,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile' as const,
  chargingProfileKind: 'Absolute' as const,
  chargingSchedule: { chargingRateUnit: 'A' as const, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
};

const registered: ChargerEvent = {
  type: 'ChargerRegistered',
  schemaVersion: 1,
  occurredAt: AT,
  data: { tenantId: TENANT, model: 'generic-ocpp16', jurisdiction: null, tags: ['repo'], credentialsHash: 'h$1' },
};
const connected: ChargerEvent = {
  type: 'ChargerConnected',
  schemaVersion: 1,
  occurredAt: AT,
  data: { edgeId: 'edge-1', connectionId: 'conn-1' },
};
const accepted: ChargerEvent = {
  type: 'ChargingProfileAccepted',
  schemaVersion: 1,
  occurredAt: AT,
  data: { writeId: 'w-1', chargingProfileId: PROFILE.chargingProfileId, connectorId: 1, chargingProfile: PROFILE },
};

// The charger directory's wake-ups and the assignments' targets are kept by the append statement itself (decision
// 0013); a registration inserts its directory row in the append's transaction, with its wake-up.
describe('PostgresChargerRepository keeps the directory and the assignment targets with its appends (real PostgreSQL)', () => {
  const schema = migratedSchema(
    [
      ...eventStoreMigrations,
      CreateChargerTables1732500001000,
      CreateAssignments1732500003000,
      WakeVersion1732500008300,
    ],
    { createDataSource, migrate },
  );
  let db: DataSource;
  let repository: PostgresChargerRepository;

  beforeAll(async () => {
    ({ db } = await schema.start());
    await db.query(`INSERT INTO tenants (tenant_id, name) VALUES ($1, 'Repo')`, [TENANT]);
    const store = new PostgresEventStore(db, (e) => subjects.chargerEvents(e.chargerId));
    repository = new PostgresChargerRepository(store, { uuid: () => randomUUID() }, [SETTLE_TARGETS]);
  });
  afterAll(() => schema.stop());

  const directoryRow = async (chargerId: string) =>
    (
      (await db.query(`SELECT tags, wake_at, wake_version FROM chargers WHERE charger_id = $1`, [chargerId])) as {
        tags: string[];
        wake_at: Date | null;
        wake_version: number;
      }[]
    )[0];
  const targetStatus = async (chargerId: string) =>
    (
      (await db.query(`SELECT status FROM assignment_targets WHERE charger_id = $1`, [chargerId])) as {
        status: string;
      }[]
    )[0]?.status;
  const assign = async (assignmentId: string, chargerIds: string[]) => {
    await db.query(
      `INSERT INTO assignments (assignment_id, tenant_id, charging_profile_id, request) VALUES ($1, $2, $3, '{}')`,
      [assignmentId, TENANT, PROFILE.chargingProfileId],
    );
    await db.query(
      `INSERT INTO assignment_targets (assignment_id, charger_id, charging_profile_id, status)
       SELECT $1, unnest($2::text[]), $3, 'dispatched'`,
      [assignmentId, chargerIds, PROFILE.chargingProfileId],
    );
  };

  it('inserts a registered charger’s directory row with the wake-up and version of its first append', async () => {
    // When
    const wakeAt = NOW + HOUR;
    await repository.append('R-1', 0, [registered], CONTEXT, { wakeAt });
    // Then
    expect(await directoryRow('R-1')).toEqual({ tags: ['repo'], wake_at: new Date(wakeAt), wake_version: 1 });
  });

  it('moves the wake-up with each later append, and a stale append leaves it as it was', async () => {
    // Given
    await repository.append('R-2', 0, [registered], CONTEXT, { wakeAt: null });
    // When
    const wakeAt = NOW + 2 * HOUR;
    await repository.append('R-2', 1, [connected], CONTEXT, { wakeAt });
    const stale = await repository
      .append('R-2', 1, [connected], CONTEXT, { wakeAt: NOW + 14 * HOUR })
      .catch((e: unknown) => e);
    // Then
    expect(stale).toBeInstanceOf(ConcurrencyError);
    expect(await directoryRow('R-2')).toMatchObject({ wake_at: new Date(wakeAt), wake_version: 2 });
  });

  it("settles a charger's open target with its answer, and not the target of a charger whose append was stale", async () => {
    // Given
    for (const id of ['R-3', 'R-4']) await repository.append(id, 0, [registered], CONTEXT, { wakeAt: null });
    await assign('a-1', ['R-3', 'R-4']);
    // When: both answers are appended together (one group commit), R-4's at a version it is no longer at
    const [three, four] = await Promise.allSettled([
      repository.append('R-3', 1, [accepted], CONTEXT, { wakeAt: null }),
      repository.append('R-4', 0, [accepted], CONTEXT, { wakeAt: null }),
    ]);
    // Then
    expect([three.status, four.status]).toEqual(['fulfilled', 'rejected']);
    expect([await targetStatus('R-3'), await targetStatus('R-4')]).toEqual(['confirmed', 'dispatched']);
  });
});

import { createDataSource, eventStoreMigrations, migrate } from '@chargeplane/platform-event-store';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import type { DataSource } from 'typeorm';
import { CreateTwins1732500002000 } from './1732500002000-create-twins.js';
import { TwinSummaryColumns1732500004200 } from './1732500004200-twin-summary-columns.js';

describe('Twin summary columns migration (real PostgreSQL)', () => {
  let infra: TestInfra;
  let db: DataSource;

  beforeAll(async () => {
    infra = await provideInfra({ postgres: true });
  });
  afterAll(async () => {
    await db?.destroy();
    await infra?.stop();
  });

  it('fills the model and the sync-state counts of twins stored before it', async () => {
    const before = createDataSource(infra.databaseUrl, [...eventStoreMigrations, CreateTwins1732500002000]);
    await before.initialize();
    await migrate(before);
    // A document as the twin stored it then (version 1: profiles with their phase, no ledger).
    const doc = {
      chargerId: 'OLD-1',
      tenantId: 't',
      model: 'zappi',
      jurisdiction: null,
      tags: [],
      vendor: null,
      firmwareVersion: null,
      configuration: {},
      lastSeenAt: null,
      transactions: [],
      writeTimes: [],
      version: 3,
      updatedAt: new Date(0).toISOString(),
      connected: true,
      profiles: [
        {
          chargingProfileId: 1,
          desired: null,
          confirmed: null,
          phase: 'rejected',
          lastError: { code: 'Rejected', description: 'x' },
        },
      ],
    };
    await before.query(
      `INSERT INTO twins (charger_id, tenant_id, version, connected, out_of_sync, slots_used, doc) VALUES ('OLD-1', 't', 3, true, true, 0, $1)`,
      [doc],
    );
    await before.destroy();

    db = createDataSource(infra.databaseUrl, [
      ...eventStoreMigrations,
      CreateTwins1732500002000,
      TwinSummaryColumns1732500004200,
    ]);
    await db.initialize();
    expect(await migrate(db)).toEqual(['TwinSummaryColumns1732500004200']);
    expect(await db.query(`SELECT model, sync_counts FROM twins`)).toEqual([
      { model: 'zappi', sync_counts: { rejected: 1 } },
    ]);
  });
});

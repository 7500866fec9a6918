// A fresh PostgreSQL schema per benchmark run, migrated as device-twin needs it (event store and twins).
import { createDataSource, eventStoreMigrations, migrate } from '@chargeplane/platform-event-store';
import {
  CreateTwins1732500002000,
  TwinsFillfactor1732500004300,
  TwinSummaryColumns1732500004200,
} from '@chargeplane/twin-adapters';
import pg from 'pg';
import type { DataSource } from 'typeorm';

export interface BenchSchema {
  name: string;
  /** The database URL with `search_path` set to the schema, for this process and for child processes. */
  url: string;
  db: DataSource;
  /** Closes the pool and drops the schema with everything in it. */
  drop(): Promise<void>;
}

export async function freshSchema(baseUrl: string, name: string): Promise<BenchSchema> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${name}"`);
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  const db = createDataSource(
    url.toString(),
    [...eventStoreMigrations, CreateTwins1732500002000, TwinSummaryColumns1732500004200, TwinsFillfactor1732500004300],
    4,
  );
  const drop = async () => {
    await db.destroy().catch(() => undefined);
    await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await admin.end();
  };
  try {
    await db.initialize();
    await migrate(db);
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, url: url.toString(), db, drop };
}

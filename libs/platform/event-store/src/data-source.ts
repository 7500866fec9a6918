import { DataSource, type MigrationInterface } from 'typeorm';
import { CreateEvents1732500000000 } from './migrations/1732500000000-create-events.js';
import { OutboxDeadLetters1732500008300 } from './migrations/1732500008300-outbox-dead-letters.js';
import { OutboxClaims1732500008500 } from './migrations/1732500008500-outbox-claims.js';

type MigrationClass = new () => MigrationInterface;

/** The event store's own migrations; contexts append theirs (read models) when they build a DataSource. */
export const eventStoreMigrations: MigrationClass[] = [
  CreateEvents1732500000000,
  OutboxDeadLetters1732500008300,
  OutboxClaims1732500008500,
];

/**
 * Every connection plans each call of a prepared statement for its own values (decision 0012), as PostgreSQL plans an
 * unnamed statement. Its default would switch a prepared statement to a generic plan after five calls, chosen on the
 * statistics of that moment and kept while the tables grow: in a 10,000-charger push the assignment targets' update
 * took 30–200 ms a call under such a plan instead of well under one, and PostgreSQL's CPU per charger doubled
 * (bench/README.md, profile-command round 22).
 */
const SESSION_OPTIONS = '-c plan_cache_mode=force_custom_plan';

/**
 * `databaseUrl` with the platform's session settings added to the startup `options` it may already carry (a
 * `search_path`): a setting given at connect survives every transaction, rolled back or not.
 */
export function sessionUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const options = url.searchParams.get('options');
  url.searchParams.set('options', options ? `${options} ${SESSION_OPTIONS}` : SESSION_OPTIONS);
  return url.toString();
}

/** A TypeORM DataSource on DATABASE_URL. Schema changes only through migrations, never `synchronize`. */
export function createDataSource(databaseUrl: string, migrations: MigrationClass[], poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url: sessionUrl(databaseUrl),
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'schema_migrations',
    extra: { max: poolSize },
    logging: false,
  });
}

/** Runs pending migrations, returning their names. */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const done = await dataSource.runMigrations({ transaction: 'each' });
  return done.map((m) => m.name);
}

/**
 * Whether PostgreSQL answers a trivial query within `timeoutMs` (readiness): false while it is away or restarting,
 * when the pool is initialized all the same.
 */
export async function databaseAnswers(dataSource: DataSource, timeoutMs = 2_000): Promise<boolean> {
  if (!dataSource.isInitialized) return false;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const answered = dataSource.query('SELECT 1').then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([answered, late]);
  } finally {
    clearTimeout(timer);
  }
}

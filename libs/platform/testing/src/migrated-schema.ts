import { provideInfra, type InfraNeeds, type TestInfra } from './test-infra.js';

/** A data source by the shape this needs of it (TypeORM's DataSource): this library opens none of its own. */
interface Closable {
  initialize(): Promise<unknown>;
  destroy(): Promise<void>;
}

export interface MigratedSchemaOptions<M, D extends Closable> extends Omit<InfraNeeds, 'postgres'> {
  /**
   * The event store's `createDataSource` and `migrate`, passed in: the event store's own specs import this library,
   * so it cannot import the event store.
   */
  createDataSource(databaseUrl: string, migrations: M[]): D;
  migrate(db: D): Promise<unknown>;
}

export interface MigratedSchema<D> {
  /** The run's infrastructure, then the data source on its own schema, initialized and migrated (in `beforeAll`). */
  start(): Promise<{ infra: TestInfra; db: D }>;
  /** Closes the data source, then removes the run's schema and whatever else it made (in `afterAll`). */
  stop(): Promise<void>;
}

/**
 * A PostgreSQL schema of its own for one spec file with `migrations` run in it, and NATS or Kafka when the options
 * ask for them. Runner-agnostic, as `inMemoryTracing`: the spec calls `start` in `beforeAll`, `stop` in `afterAll`.
 */
export function migratedSchema<M, D extends Closable>(
  migrations: M[],
  { createDataSource, migrate, ...needs }: MigratedSchemaOptions<M, D>,
): MigratedSchema<D> {
  let infra: TestInfra | undefined;
  let db: D | undefined;
  return {
    async start() {
      infra = await provideInfra({ ...needs, postgres: true });
      db = createDataSource(infra.databaseUrl, migrations);
      await db.initialize();
      await migrate(db);
      return { infra, db };
    },
    async stop() {
      await db?.destroy();
      await infra?.stop();
    },
  };
}

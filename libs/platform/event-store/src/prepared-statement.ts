import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';

/**
 * A statement PostgreSQL parses once per connection (a named prepared statement), for the statements every command
 * and every event runs: the append statement's parse alone was 0.75–0.9 ms of a 1.3–2 ms statement. Each call is
 * still planned for its own values (`sessionUrl`). The name is the statement's key on a connection, so one name has
 * one text for the life of the process (`preparedStatement` refuses a second). Table names resolve again after a DDL
 * change (PostgreSQL re-analyses an invalidated statement), so a renamed shadow table (a rebuild's swap) is found
 * under its new name. Needs a session-level connection to PostgreSQL (not a transaction-pooling proxy): decision 0012.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

const defined = new Map<string, string>();

/** Defines a prepared statement once per process: the same name with another text is a programming error. */
export function preparedStatement(name: string, text: string): PreparedStatement {
  const known = defined.get(name);
  if (known !== undefined && known !== text)
    throw new Error(`prepared statement "${name}" defined twice with different text`);
  defined.set(name, text);
  return { name, text };
}

/** The pg client's side of a query we use: a config with a name prepares it on the connection on first use. */
interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** Runs `statement` on a pg client of its own (the outbox relay's lead connection), returning its rows. */
export async function runPrepared(
  client: PgClient,
  statement: PreparedStatement,
  values: readonly unknown[],
): Promise<unknown[]> {
  return (await client.query({ name: statement.name, text: statement.text, values: [...values] })).rows;
}

/**
 * Runs `statement` with `values` on the transaction's connection (an EntityManager of `db.transaction`) or on a
 * pooled connection of the DataSource, returning its rows. Failures are TypeORM's QueryFailedError, as for every
 * other query, so callers read the driver's error (a unique violation's constraint) the same way.
 */
export async function queryPrepared(
  on: DataSource | EntityManager,
  statement: PreparedStatement,
  values: readonly unknown[],
): Promise<unknown[]> {
  const manager = 'manager' in on ? on.manager : on;
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  const owned = manager.queryRunner === undefined;
  try {
    return await runPrepared((await runner.connect()) as PgClient, statement, values);
  } catch (error) {
    throw new QueryFailedError(statement.text, [...values], error as Error);
  } finally {
    if (owned) await runner.release();
  }
}

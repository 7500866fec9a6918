/** Runs one SQL statement and returns its rows (a TypeORM DataSource's `query` fits). */
export type Query = (sql: string) => Promise<unknown>;

/**
 * The line provisioning logs when PostgreSQL's autovacuum is off, or null when it is on. Every append inserts into
 * `events` and `outbox`, and the relay deletes each outbox row once published: without autovacuum the dead rows and
 * the planner's statistics are never taken care of, so a long run slows down until someone vacuums by hand.
 */
export function autovacuumWarning(setting: string | undefined): string | null {
  if (setting === undefined || setting.trim().toLowerCase() !== 'off') return null;
  return (
    'provision: WARNING PostgreSQL has autovacuum off: a long run churns the events and outbox tables ' +
    '(every published outbox row is deleted) and leaves dead rows and stale statistics behind; turn autovacuum on, ' +
    'or run VACUUM (ANALYZE) events, outbox on a schedule (docs/operations/runbook.md, PostgreSQL)'
  );
}

/** Asks the server for its `autovacuum` setting and reports the warning, if any, through `warn`. */
export async function checkAutovacuum(query: Query, warn: (line: string) => void): Promise<void> {
  const rows = (await query('SHOW autovacuum')) as { autovacuum?: unknown }[];
  const setting = rows[0]?.autovacuum;
  const line = autovacuumWarning(typeof setting === 'string' ? setting : undefined);
  if (line !== null) warn(line);
}

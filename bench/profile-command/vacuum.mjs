// What autovacuum does in production, done by the profile-command benchmark when the machine's PostgreSQL runs
// without it: a push deletes every outbox row it adds and rewrites twins, wake-up rows and assignment targets, and
// without VACUUM each later push scans the dead rows of the ones before against tables never analysed (round 20: the
// 10,000 push took 34–55 s and grew from push to push, against 23–26 s with the run's tables vacuumed before each).

/** Whether PostgreSQL vacuums and analyses by itself. */
export async function autovacuumOn(db) {
  return (await db.query('SHOW autovacuum')).rows[0].autovacuum === 'on';
}

/** VACUUM (ANALYZE) of every table of the run's schema (the pool's `current_schema()`); answers the ms it took. */
export async function vacuumRunTables(db) {
  const t0 = performance.now();
  const { rows } = await db.query(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = current_schema()`,
  );
  if (rows.length > 0) await db.query(`VACUUM (ANALYZE) ${rows.map((r) => r.name).join(', ')}`);
  return performance.now() - t0;
}

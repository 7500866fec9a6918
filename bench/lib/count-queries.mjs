// Diagnostic preload (node --import): counts the PostgreSQL statements a process sends, by patching pg's
// Client#query, and writes the count to $BENCH_QUERY_COUNT_DIR/<pid>.json on SIGUSR2. Used by the profile-command
// benchmark with --count-queries to report statements per confirmed charger and app. Changes no behaviour.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const dir = process.env.BENCH_QUERY_COUNT_DIR;
if (dir) {
  const pg = createRequire(`${process.cwd()}/`)('pg');
  let queries = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (...args) {
    queries++;
    return query.apply(this, args);
  };
  process.on('SIGUSR2', () =>
    writeFileSync(`${dir}/${process.pid}.json`, JSON.stringify({ pid: process.pid, queries })),
  );
}

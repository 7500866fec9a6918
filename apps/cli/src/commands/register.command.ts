import { randomUUID } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  BULK_REGISTRATION_LIMIT,
  BulkRegisterChargersAnswer,
  chargerRowsFromCsv,
  csvLine,
  PlatformError,
  readCsvRecords,
  type BulkRegistrationResult,
} from '@chargeplane/contracts-api';
import { ApiClient, apiTarget, CliError } from '../api-client.js';
import { optional, required, type ParsedCommand } from '../cli-args.js';
import { say, type CliIo } from '../io.js';
import { ProgressLine } from '../progress.js';
import { withRetries } from '../retries.js';

/** The file split into requests of at most `limit` rows, each a CSV with the header, and the line of each row. */
export function csvChunks(text: string, limit = BULK_REGISTRATION_LIMIT): { body: string; lines: number[] }[] {
  const [header, ...records] = readCsvRecords(text);
  const chunks: { body: string; lines: number[] }[] = [];
  for (let i = 0; i < records.length; i += limit) {
    const part = records.slice(i, i + limit);
    chunks.push({
      body: [header!.fields, ...part.map((r) => r.fields)].map(csvLine).join('\n'),
      lines: part.map((r) => r.line),
    });
  }
  return chunks;
}

/** A failed row as the operator reads it: the file's own line (the server numbered its request's lines). */
export const failureLine = (line: number, r: BulkRegistrationResult) =>
  `line ${line}: ${r.chargerId || '(no id)'} ${r.code}: ${(r.message ?? '').replace(/^(row|line) \d+: /, '')}`;

/**
 * `register --csv FILE`: checks the file locally (a bad file fails before anything is registered), opens the
 * credentials file (new, mode 0600) before the first request so that credentials can never be lost to a write
 * error, then registers the rows 10,000 at a time, each request retried with its own Idempotency-Key.
 */
export async function registerCommand(cmd: ParsedCommand, io: CliIo): Promise<number> {
  const csvPath = resolve(io.cwd, required(cmd.flags, 'csv', 'the CSV file of chargers'));
  const outPath = resolve(io.cwd, optional(cmd.flags, 'out') ?? csvPath.replace(/(\.csv)?$/i, '.credentials.csv'));
  const api = new ApiClient(apiTarget(cmd.flags, io.env));
  const text = await readFile(csvPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${csvPath}: ${error.code ?? error.message}`);
  });
  let rows: number;
  try {
    rows = chargerRowsFromCsv(text).length;
  } catch (error) {
    if (error instanceof PlatformError) throw new CliError(`${csvPath}: ${error.message}`);
    throw error;
  }
  if (rows === 0) throw new CliError(`${csvPath}: no chargers after the header`);
  const out = await open(outPath, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
    throw new CliError(
      error.code === 'EEXIST'
        ? `${outPath} exists: credentials are written to a new file only (choose another with --out)`
        : `cannot create ${outPath}: ${error.code ?? error.message}`,
    );
  });
  const key = optional(cmd.flags, 'idempotency-key') ?? randomUUID();
  const progress = new ProgressLine(io.stderr);
  let created = 0;
  const failures: string[] = [];
  try {
    await out.write(`${csvLine(['chargerId', 'ocppUrl', 'password'])}\n`);
    const chunks = csvChunks(text);
    let done = 0;
    progress.update({ label: 'registering', done, total: rows });
    for (const [k, chunk] of chunks.entries()) {
      const answer = await withRetries(io, () =>
        api.call('POST', '/v1/chargers/bulk', BulkRegisterChargersAnswer, {
          body: chunk.body,
          contentType: 'text/csv',
          headers: { 'idempotency-key': chunks.length === 1 ? key : `${key}-${k + 1}` },
        }),
      );
      const lines = answer.results.flatMap((r) =>
        r.status === 'created' ? [`${csvLine([r.chargerId, r.ocppUrl ?? '', r.password ?? ''])}\n`] : [],
      );
      await out.write(lines.join(''));
      answer.results.forEach((r, i) => {
        if (r.status === 'created') created++;
        else failures.push(failureLine(chunk.lines[i]!, r));
      });
      done += chunk.lines.length;
      progress.update({ label: 'registering', done, total: rows, detail: { created, failed: failures.length } });
    }
  } finally {
    progress.finish();
    await out.close();
  }
  for (const f of failures) say(io.stderr, f);
  say(
    io.stdout,
    `registered ${created.toLocaleString('en')} of ${rows.toLocaleString('en')} chargers` +
      `${failures.length > 0 ? `; ${failures.length} rows failed (listed above)` : ''}; credentials (shown once) in ${outPath}`,
  );
  return failures.length > 0 ? 1 : 0;
}

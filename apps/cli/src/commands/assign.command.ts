import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AssignmentProgress, CreateAssignmentAnswer, CreateAssignmentBody } from '@chargeplane/contracts-api';
import { z } from 'zod';
import { ApiClient, apiTarget, CliError } from '../api-client.js';
import { optional, required, UsageError, type ParsedCommand } from '../cli-args.js';
import { say, type CliIo } from '../io.js';
import { ProgressLine } from '../progress.js';
import { withRetries } from '../retries.js';

/** An assignment file: the profile alone, or wrapped with its connector. */
const AssignmentFile = z.looseObject({ chargingProfile: z.unknown(), connectorId: z.unknown() }).partial();

const POLL_MS = 500;

/** The assignment's body from the flags and the profile file (a bare chargingProfile, or with its connectorId). */
export function assignmentBody(flags: ParsedCommand['flags'], fileJson: unknown): CreateAssignmentBody {
  const tag = optional(flags, 'tag');
  const list = optional(flags, 'chargers');
  if ((tag === undefined) === (list === undefined))
    throw new UsageError('give exactly one of --tag TAG or --chargers ID,ID,…');
  const file = AssignmentFile.safeParse(fileJson);
  const wrapped = file.success && file.data.chargingProfile !== undefined;
  const connector = optional(flags, 'connector');
  if (connector !== undefined && !/^\d+$/.test(connector))
    throw new UsageError('--connector is a whole number (0: the whole charger)');
  const parsed = CreateAssignmentBody.safeParse({
    ...(tag !== undefined
      ? { tag }
      : {
          chargerIds: list!
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean),
        }),
    connectorId: connector !== undefined ? Number(connector) : wrapped ? file.data?.connectorId : 0,
    chargingProfile: wrapped ? file.data?.chargingProfile : fileJson,
  });
  if (!parsed.success) throw new CliError(`the assignment is not valid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * `assign --profile FILE (--tag T | --chargers …)`: creates the bulk assignment, then follows its progress
 * endpoint with a progress bar until every charger has a final answer (confirmed, refused, rejected, not found,
 * failed) or `--timeout` passes (chargers offline wait for their connection; the platform keeps going).
 */
export async function assignCommand(cmd: ParsedCommand, io: CliIo): Promise<number> {
  const path = resolve(io.cwd, required(cmd.flags, 'profile', 'a JSON file with the charging profile'));
  const timeout = Number(optional(cmd.flags, 'timeout') ?? '300');
  if (!Number.isFinite(timeout) || timeout <= 0) throw new UsageError('--timeout is a number of seconds above 0');
  const api = new ApiClient(apiTarget(cmd.flags, io.env));
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${path}: ${error.code ?? error.message}`);
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = assignmentBody(cmd.flags, json);
  const key = optional(cmd.flags, 'idempotency-key');
  const created = await withRetries(io, () =>
    api.call('POST', '/v1/charging-profile-assignments', CreateAssignmentAnswer, {
      body,
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    }),
  );
  say(io.stdout, `assignment ${created.assignmentId}: ${created.total.toLocaleString('en')} chargers`);
  if (cmd.flags['no-wait']) return 0;

  const progress = new ProgressLine(io.stderr);
  const deadline = Date.now() + timeout * 1000;
  let last: z.infer<typeof AssignmentProgress>;
  for (;;) {
    last = await withRetries(io, () =>
      api.call('GET', `/v1/charging-profile-assignments/${created.assignmentId}`, AssignmentProgress),
    );
    progress.update({ label: 'assigning', done: last.completed, total: last.total, detail: last.byStatus });
    if (last.completed >= last.total || Date.now() >= deadline || io.signal.aborted) break;
    await io.sleep(POLL_MS);
  }
  progress.finish();
  for (const p of last.problems) say(io.stderr, `${p.chargerId}: ${p.status}${p.code ? ` (${p.code})` : ''}`);
  const open = last.total - last.completed;
  const waiting = Object.entries(last.byStatus)
    .filter(([status, n]) => n > 0 && !['confirmed', 'refused', 'rejected', 'not-found', 'failed'].includes(status))
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
  say(
    io.stdout,
    open > 0
      ? `${last.completed} of ${last.total} answered; ${open} still under way (${waiting}): the platform keeps going — follow with GET /v1/charging-profile-assignments/${created.assignmentId}`
      : `${last.byStatus['confirmed'] ?? 0} of ${last.total} confirmed${last.problems.length > 0 ? `; ${last.completed - (last.byStatus['confirmed'] ?? 0)} not (listed above)` : ''}`,
  );
  return open > 0 || (last.byStatus['confirmed'] ?? 0) < last.total ? 1 : 0;
}

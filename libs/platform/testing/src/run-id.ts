import { randomBytes } from 'node:crypto';

/**
 * A test run's id: `t`, its start time in ms as 8 base-36 digits, 6 random hex digits (e.g. `tmxc25zo9da5e9e`).
 * Every resource of the run starts with it: the PostgreSQL schema and Kafka topics/groups as is, the JetStream
 * streams upper-cased (`TMXC25ZO9DA5E9E_OCPP_IN`). Carrying the start time in the name lets a later run tell a
 * crashed run's leftovers (old) from a run that is still going (recent) without any shared bookkeeping.
 */
export function newRunId(
  now: number = Date.now(),
  random: () => string = () => randomBytes(3).toString('hex'),
): string {
  const stamp = now.toString(36).padStart(8, '0');
  if (stamp.length !== 8) throw new Error(`cannot encode ${now} as 8 base-36 digits`);
  return `t${stamp}${random()}`;
}

const RUN_NAME = /^t([0-9a-z]{8})[0-9a-f]{6}/i;
/** Earliest plausible run start (2024-01-01): anything older is a name that merely looks like a run id. */
const EARLIEST_RUN_MS = Date.UTC(2024, 0, 1);

/** The start time (ms) a resource name carries when it begins with a run id; undefined for any other name. */
export function runStartedAt(name: string): number | undefined {
  const match = RUN_NAME.exec(name);
  if (!match) return undefined;
  const ms = parseInt(match[1]!.toLowerCase(), 36);
  return ms >= EARLIEST_RUN_MS ? ms : undefined;
}

/** True when `name` belongs to the run `runId` (case-insensitive: streams carry the id upper-cased). */
export function belongsToRun(name: string, runId: string): boolean {
  return name.toLowerCase().startsWith(runId.toLowerCase());
}

/**
 * True when `name` was made by a test run that started more than `maxAgeMs` before `now`. A run still going
 * started recently, so it is never stale; names without a run id (the platform's own `OCPP_IN`,
 * `CHARGER_EVENTS`, `COMPLIANCE_EVENTS`, `TWIN_EVENTS`, `public`, `__consumer_offsets`) never are. A start time
 * in the future (another machine's clock) is not stale either.
 */
export function isStaleRunName(name: string, now: number, maxAgeMs: number): boolean {
  const started = runStartedAt(name);
  return started !== undefined && now - started > maxAgeMs;
}

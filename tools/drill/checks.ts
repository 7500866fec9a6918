import type { Fault } from './schedule.js';

/**
 * The fault drill's verdict over what it collected from sources independent of the platform's own view: the
 * simulator's audit (calls received, facts acknowledged, stored memory), the event store (SQL) and Kafka (a
 * consumer). Pure: the drill's orchestration gathers the data, these functions judge it.
 */

/** A CS call as the simulated device logged it (charger-sim CallLogEntry). */
export interface DeviceCall {
  simTime: string;
  action: string;
  memoryWrite: boolean;
  reason: string | null;
}

export interface ChargerAudit {
  id: string;
  model: string;
  calls: DeviceCall[];
  /** The device's own write limit (zappi: 24 per 3600 s), null for a device without one. */
  writeLimit: { maxWrites: number; windowSeconds: number } | null;
  /** The charger's transaction calls the platform acknowledged. */
  acknowledged: { action: string; transactionId: number | null }[];
  /** Entries the simulator's bounded logs dropped (the audit is then incomplete and says so). */
  dropped: number;
}

/** A profile as `connectorId/chargingProfileId:<canonical JSON>`, so three views compare as sets of strings. */
export interface ConvergenceView {
  id: string;
  device: string[];
  twin: string[];
  desired: string[];
}

export interface StoredEvent {
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  chargerId: string;
  transactionId: number | null;
}

export interface KafkaRecordSeen {
  topic: string;
  partition: number;
  offset: number;
  eventId: string;
}

export interface FaultOutcome extends Fault {
  /** Real ms from the fault's injection until the platform answered again end to end; null: never. */
  recoveredAfterMs: number | null;
  error?: string;
}

export interface CheckResult {
  name: string;
  passed: boolean;
  figures: Record<string, number>;
  /** The first few counter-examples, for a person to follow up. */
  failures: string[];
}

const MAX_EXAMPLES = 20;
const result = (name: string, figures: Record<string, number>, failures: string[]): CheckResult => ({
  name,
  passed: failures.length === 0,
  figures,
  failures: failures.slice(0, MAX_EXAMPLES),
});

/** Device reasons for a refused write that the platform's budget or slot arithmetic should have prevented. */
const BUDGET_OR_SLOTS = /^(write-limit|slots-exhausted|too-many-profiles):/;

export function checkNoRefusedWrites(chargers: readonly ChargerAudit[]): CheckResult {
  const failures = chargers.flatMap((c) =>
    c.calls
      .filter((call) => call.reason && BUDGET_OR_SLOTS.test(call.reason))
      .map((call) => `${c.id} ${call.simTime} ${call.action}: ${call.reason}`),
  );
  return result('writes refused for budget or slots', { refused: failures.length }, failures);
}

/** The most writes in any window of `windowMs` (device clock) among `times` (ms). */
export function maxInRollingWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

export function checkWriteBudget(chargers: readonly ChargerAudit[]): CheckResult {
  const failures: string[] = [];
  let worst = 0;
  let writes = 0;
  for (const c of chargers) {
    if (!c.writeLimit) continue;
    const times = c.calls.filter((call) => call.memoryWrite).map((call) => Date.parse(call.simTime));
    writes += times.length;
    const most = maxInRollingWindow(times, c.writeLimit.windowSeconds * 1000);
    worst = Math.max(worst, most);
    if (most > c.writeLimit.maxWrites)
      failures.push(`${c.id}: ${most} writes in ${c.writeLimit.windowSeconds} s (limit ${c.writeLimit.maxWrites})`);
  }
  return result('writes per zappi in any rolling window', { writes, mostInAWindow: worst }, failures);
}

const difference = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));

export function checkConvergence(views: readonly ConvergenceView[]): CheckResult {
  const failures: string[] = [];
  for (const v of views) {
    const problems = [
      ...difference(v.desired, v.device).map((p) => `desired not on device: ${p.split(':')[0]}`),
      ...difference(v.device, v.desired).map((p) => `on device, not desired: ${p.split(':')[0]}`),
      ...difference(v.device, v.twin).map((p) => `on device, not in twin: ${p.split(':')[0]}`),
      ...difference(v.twin, v.device).map((p) => `in twin, not on device: ${p.split(':')[0]}`),
    ];
    if (problems.length > 0) failures.push(`${v.id}: ${problems.join('; ')}`);
  }
  return result(
    'device = twin = desired',
    {
      chargers: views.length,
      converged: views.length - failures.length,
      profiles: views.reduce((n, v) => n + v.desired.length, 0),
    },
    failures,
  );
}

const TX_EVENT: Record<string, string> = {
  StartTransaction: 'TransactionStarted',
  StopTransaction: 'TransactionStopped',
};

export function checkAcknowledgedFacts(chargers: readonly ChargerAudit[], events: readonly StoredEvent[]): CheckResult {
  const failures: string[] = [];
  const stored = new Set(
    events.filter((e) => e.transactionId !== null).map((e) => `${e.chargerId}/${e.type}/${e.transactionId}`),
  );
  const counts = { started: 0, stopped: 0, storedStarted: 0, storedStopped: 0, incompleteAudits: 0 };
  for (const c of chargers) {
    if (c.dropped > 0) {
      counts.incompleteAudits++;
      failures.push(`${c.id}: the simulator's audit dropped ${c.dropped} entries (raise its log limit)`);
    }
    for (const fact of c.acknowledged) {
      const type = TX_EVENT[fact.action];
      if (!type || fact.transactionId === null) continue;
      if (type === 'TransactionStarted') counts.started++;
      else counts.stopped++;
      if (!stored.has(`${c.id}/${type}/${fact.transactionId}`))
        failures.push(`${c.id}: ${fact.action} of transaction ${fact.transactionId} acknowledged, no ${type} stored`);
    }
  }
  const ids = new Set(chargers.map((c) => c.id));
  for (const e of events) {
    if (!ids.has(e.chargerId)) continue;
    if (e.type === 'TransactionStarted') counts.storedStarted++;
    if (e.type === 'TransactionStopped') counts.storedStopped++;
  }
  return result('acknowledged facts in the event history', counts, failures);
}

/**
 * Every stored event of a public type is on Kafka (dedupe by event id), and a stream's events appear on each topic
 * in stream order (by the offset of their first copy; one charger = one key = one partition).
 */
export function checkKafka(
  events: readonly StoredEvent[],
  publicTypes: ReadonlySet<string>,
  records: readonly KafkaRecordSeen[],
): CheckResult {
  const first = new Map<string, KafkaRecordSeen>();
  const ordered = [...records].sort((a, b) =>
    a.topic === b.topic
      ? a.partition === b.partition
        ? a.offset - b.offset
        : a.partition - b.partition
      : a.topic < b.topic
        ? -1
        : 1,
  );
  for (const r of ordered) if (!first.has(r.eventId)) first.set(r.eventId, r);
  const expected = events.filter((e) => publicTypes.has(e.type));
  const failures: string[] = [];
  let lost = 0;
  let reordered = 0;
  const last = new Map<string, { version: number; record: KafkaRecordSeen }>();
  for (const e of [...expected].sort((a, b) =>
    a.streamId === b.streamId ? a.streamVersion - b.streamVersion : a.streamId < b.streamId ? -1 : 1,
  )) {
    const r = first.get(e.eventId);
    if (!r) {
      lost++;
      failures.push(`lost: ${e.streamId} v${e.streamVersion} ${e.type} ${e.eventId}`);
      continue;
    }
    const key = `${e.streamId}|${r.topic}`;
    const prev = last.get(key);
    if (prev && (prev.record.partition !== r.partition || prev.record.offset > r.offset)) {
      reordered++;
      failures.push(`reordered: ${e.streamId} v${e.streamVersion} (${e.type}) before v${prev.version} on ${r.topic}`);
    }
    last.set(key, { version: e.streamVersion, record: r });
  }
  return result(
    'every stored event on Kafka, in per-charger order',
    {
      storedPublic: expected.length,
      /** Stored events of types without a public contract: not expected on Kafka, counted so none hides. */
      storedOtherTypes: events.length - expected.length,
      kafkaRecords: records.length,
      duplicates: records.length - first.size,
      lost,
      reordered,
    },
    failures,
  );
}

export function checkRecovery(faults: readonly FaultOutcome[]): CheckResult {
  const times = faults.map((f) => f.recoveredAfterMs).filter((t): t is number => t !== null);
  // A fault whose injection went wrong, or that the platform handled wrongly (a 5xx to a malformed request), fails too.
  const failures = faults
    .filter((f) => f.recoveredAfterMs === null || f.error !== undefined)
    .map(
      (f) =>
        `${f.kind}${f.target ? ` ${f.target}` : ''} at ${f.atMs} ms: ${f.recoveredAfterMs === null ? 'not recovered' : `recovered after ${f.recoveredAfterMs} ms`}${f.error ? ` (${f.error})` : ''}`,
    );
  return result(
    'recovery after each fault',
    {
      faults: faults.length,
      recovered: times.length,
      maxRecoveryMs: Math.max(0, ...times),
      meanRecoveryMs: times.length ? Math.round(times.reduce((a, b) => a + b, 0) / times.length) : 0,
    },
    failures,
  );
}

/** One line: PASS/FAIL, the seed, and each check's outcome. */
export function verdictLine(seed: string, checks: readonly CheckResult[]): string {
  const passed = checks.every((c) => c.passed);
  const parts = checks.map((c) => `${c.passed ? 'ok' : 'FAIL'} ${c.name}`);
  return `drill ${passed ? 'PASS' : 'FAIL'} (seed ${seed}): ${parts.join('; ')}`;
}

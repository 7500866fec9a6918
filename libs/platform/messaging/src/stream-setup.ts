import type { JetStreamManager } from '@nats-io/jetstream';
import {
  defaultStreamPolicy,
  describeChange,
  describeLimits,
  desiredStream,
  planStreamUpdate,
  type ExistingStream,
  type RetentionClass,
  type StreamChange,
  type StreamPolicy,
} from './stream-policy.js';

export interface StreamDef {
  name: string;
  subjects: readonly string[];
  /** Which limits of the policy apply; `events` when not given. */
  retention?: RetentionClass;
}

export interface EnsureStreamsOptions {
  /** Limits and replicas (from configuration: `streamPolicyFromEnv`); the env defaults when not given. */
  policy?: StreamPolicy;
  /**
   * Also bring existing streams to the policy (provisioning does). Without it an existing stream is left as it is
   * and its differences are only reported, so an app starting with other settings never undoes provisioning.
   */
  update?: boolean;
}

/** What ensureStreams did to one stream, for the caller to log. */
export interface StreamReport {
  stream: string;
  action: 'created' | 'unchanged' | 'updated' | 'differs';
  /** Applied (`updated`, and `created` with its limits) or, for `differs`, not applied. */
  changes: string[];
  /** Settings the server refused to change, or that cannot change in place: the stream keeps its old value. */
  refused: string[];
  notes: string[];
}

/** Where streams are set up: the JetStream manager, the bus's names (its prefix) and whether the server is a cluster. */
export interface StreamTarget {
  readonly jsm: JetStreamManager;
  stream(name: string): string;
  subject(subject: string): string;
  readonly clustered: boolean;
}

/**
 * Creates the streams that are missing with the policy's limits (file storage); with `update`, brings existing
 * ones to the policy in place (never deletes or recreates a stream: its messages stay). A missing stream that
 * cannot be created throws; a setting the server refuses to change is reported and the stream keeps its value.
 */
export async function ensureStreams(
  target: StreamTarget,
  defs: readonly StreamDef[],
  options: EnsureStreamsOptions = {},
): Promise<StreamReport[]> {
  const policy = options.policy ?? defaultStreamPolicy;
  const reports: StreamReport[] = [];
  for (const def of defs) {
    const { config, notes } = desiredStream(
      { name: target.stream(def.name), subjects: def.subjects.map((s) => target.subject(s)), retention: def.retention },
      policy,
      target.clustered,
    );
    let existing: ExistingStream;
    try {
      existing = (await target.jsm.streams.info(config.name)).config;
    } catch {
      try {
        await target.jsm.streams.add(config);
      } catch (cause) {
        throw new Error(`cannot create JetStream stream ${config.name}: ${messageOf(cause)}`, { cause });
      }
      reports.push({ stream: config.name, action: 'created', changes: describeLimits(config), refused: [], notes });
      continue;
    }
    const plan = planStreamUpdate(existing, config);
    const report: StreamReport = {
      stream: config.name,
      action: plan.changes.length === 0 ? 'unchanged' : options.update ? 'updated' : 'differs',
      changes: plan.changes.map(describeChange),
      refused: options.update ? [...plan.kept] : [],
      notes: options.update ? notes : [...notes, ...plan.kept],
    };
    if (options.update && plan.changes.length > 0) await applyChanges(target.jsm, config.name, plan.changes, report);
    reports.push(report);
  }
  return reports;
}

/** One update with every change; when the server refuses it, each change alone, so the acceptable ones apply. */
async function applyChanges(
  jsm: JetStreamManager,
  name: string,
  changes: readonly StreamChange[],
  report: StreamReport,
): Promise<void> {
  const all = Object.fromEntries(changes.map((c) => [c.setting, c.to]));
  try {
    await jsm.streams.update(name, all);
    return;
  } catch {
    report.changes = [];
  }
  for (const change of changes) {
    try {
      await jsm.streams.update(name, { [change.setting]: change.to });
      report.changes.push(describeChange(change));
    } catch (error) {
      report.refused.push(`${describeChange(change)} refused by nats-server: ${messageOf(error)}`);
    }
  }
  if (report.changes.length === 0) report.action = 'differs';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

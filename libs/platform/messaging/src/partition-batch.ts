import type { TraceCarrier } from '@chargeplane/platform-observability';
import type { JsMsg } from '@nats-io/jetstream';
import type { z } from 'zod';
import { traceOf } from './nats-trace.js';

/** One parsed message of a batch. */
export interface BatchItem<T> {
  message: T;
  subject: string;
  /** The charger partition whose durable delivered it. */
  partition: number;
  streamSeq: number;
  redelivered: boolean;
  /** When JetStream stored the message. */
  storedAt: Date;
  /** The trace context the message carries in its headers (W3C `traceparent`), if any. */
  trace?: TraceCarrier;
}

/**
 * A message that can never be handled (invalid) or failed its last attempt, as handed to the dead letters;
 * once they hold it, it is acknowledged and the partition goes on.
 */
export interface DeadLetter<T = unknown> {
  msg: JsMsg;
  /** The message as parsed; null when it is invalid. */
  item: BatchItem<T> | null;
  reason: 'invalid' | 'retries_exhausted';
  detail: string;
  /** Attempts made (0: invalid, never handled). */
  attempts: number;
}

/** A message its schema does not read: what to report, and the detail its dead letter keeps. */
export interface UnreadableMessage {
  problem: string;
  detail: string;
}

/** A delivered message as its schema reads it, with what JetStream says of it, or why it can never be handled. */
export function parseBatchItem<S extends z.ZodType>(
  m: JsMsg,
  schema: S,
  partition: number,
): BatchItem<z.infer<S>> | UnreadableMessage {
  let raw: unknown;
  try {
    raw = m.json();
  } catch {
    return { problem: 'not JSON', detail: 'not JSON' };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { problem, detail: `invalid: ${problem}` };
  }
  const trace = traceOf(m);
  return {
    message: parsed.data,
    subject: m.subject,
    partition,
    streamSeq: m.seq,
    redelivered: m.redelivered,
    storedAt: new Date(Math.floor(m.info.timestampNanos / 1_000_000)),
    ...(trace ? { trace } : {}),
  };
}

import { inSpan } from '@chargeplane/platform-observability';
import type { JsMsg } from '@nats-io/jetstream';
import type { z } from 'zod';
import type { NatsBus } from './nats-bus.js';
import { traceOf } from './nats-trace.js';

export interface ConsumeOptions<S extends z.ZodType> {
  stream: string;
  durable: string;
  filterSubject: string;
  schema: S;
  /** Runs once per message; the message is acked only after it resolves. A throw → redelivery after a delay. */
  handle: (message: z.infer<S>, meta: { subject: string; redelivered: boolean; streamSeq: number }) => Promise<void>;
  onInvalid: (subject: string, problem: string) => void;
  onError: (error: unknown) => void;
  maxMessages?: number;
  retryDelayMs?: number;
  /**
   * Handle messages of different keys side by side (at most `concurrency` at once), those of one key one
   * after another in stream order. Without it, one message at a time.
   */
  parallel?: { keyOf: (subject: string) => string; concurrency: number };
}

/** A running JetStream consumer; `stop()` finishes the message in hand and returns. */
export interface RunningConsumer {
  stop(): Promise<void>;
}

/**
 * Consumes a durable pull consumer one message at a time (per-consumer order), or per key (see `parallel`):
 * parse with zod (an unparseable message is reported and terminated: retrying cannot fix it), handle, then ack.
 */
export async function consume<S extends z.ZodType>(bus: NatsBus, options: ConsumeOptions<S>): Promise<RunningConsumer> {
  const consumer = await bus.durableConsumer(options.stream, options.durable, options.filterSubject);
  const messages = await consumer.consume({ max_messages: options.maxMessages ?? 256 });
  const parallel = options.parallel;
  const done = (async () => {
    if (!parallel) {
      for await (const msg of messages) await handleOne(msg, options);
      return;
    }
    const chains = new Map<string, Promise<void>>();
    const inFlight = new Set<Promise<void>>();
    for await (const msg of messages) {
      const key = parallel.keyOf(msg.subject);
      const run = (chains.get(key) ?? Promise.resolve())
        .then(() => handleOne(msg, options))
        .catch((error: unknown) => options.onError(error));
      chains.set(key, run);
      inFlight.add(run);
      void run.finally(() => {
        inFlight.delete(run);
        if (chains.get(key) === run) chains.delete(key);
      });
      if (inFlight.size >= parallel.concurrency) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  })();
  return {
    async stop() {
      await messages.close();
      await done.catch(() => undefined);
    },
  };
}

async function handleOne<S extends z.ZodType>(msg: JsMsg, options: ConsumeOptions<S>): Promise<void> {
  let raw: unknown;
  try {
    raw = msg.json();
  } catch {
    options.onInvalid(msg.subject, 'not JSON');
    msg.term();
    return;
  }
  const parsed = options.schema.safeParse(raw);
  if (!parsed.success) {
    options.onInvalid(msg.subject, parsed.error.message);
    msg.term();
    return;
  }
  try {
    const meta = { subject: msg.subject, redelivered: msg.redelivered, streamSeq: msg.seq };
    // The message's trace continues in its handler: the events it appends carry it (docs/operations/runbook.md#traces).
    await inSpan(`consume ${options.durable}`, consumerSpan(msg, options.durable), () =>
      options.handle(parsed.data, meta),
    );
    msg.ack();
  } catch (error) {
    options.onError(error);
    msg.nak(options.retryDelayMs ?? 1000);
  }
}

function consumerSpan(msg: JsMsg, durable: string) {
  return {
    role: 'consumer' as const,
    parent: traceOf(msg),
    attributes: {
      'messaging.system': 'nats',
      'messaging.consumer.group.name': durable,
      'messaging.destination.name': msg.subject,
    },
  };
}

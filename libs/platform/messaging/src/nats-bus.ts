import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { inSpan, startSpan, contextWithSpan, runInContext } from '@chargeplane/platform-observability';
import type { z } from 'zod';
import { traceHeaders, traceOf } from './nats-trace.js';
import { errorReply, ReplyEnvelope, RequestError } from './reply.js';
import { NoRespondersError, ReplyMux } from './reply-mux.js';
import { parsePubAck } from './pub-ack.js';
import { ensureStreams, type EnsureStreamsOptions, type StreamDef, type StreamReport } from './stream-setup.js';

export interface BusOptions {
  /** One server, or a cluster's nodes separated by commas (NATS_URL). */
  url: string;
  name: string;
  /** Namespace for subjects and stream names (one per test run); empty in production. */
  prefix?: string;
  /**
   * true: requests (and JetStream publishes) capture the caller's stack up front, so a failed request's trace has
   * its caller's frames. The client builds two Error objects per request for it, a measurable share of CPU in every
   * service, which all make thousands a second under a fleet push (the edge's fact publishes, the outbox relay, the
   * consumers' lease and JetStream API calls; bench/README.md, "Where the time goes"). Default false.
   */
  asyncTraces?: boolean;
}

/**
 * The platform's NATS connection: core request/reply, JetStream publish, stream setup. Every subject and
 * stream name passes through the prefix, so callers always use the unprefixed names from contracts-api.
 */
/** The servers of a NATS_URL: one URL, or a cluster's nodes separated by commas (blanks around them ignored). */
export function natsServers(url: string): string[] {
  const servers = url
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (servers.length === 0) throw new Error('NATS_URL names no server');
  return servers;
}

/** How long a JetStream publish waits for the stream's ack when the caller gives no time (the client's default). */
const PUBLISH_TIMEOUT_MS = 5_000;

export class NatsBus {
  readonly js: JetStreamClient;
  readonly #replies: ReplyMux;
  private constructor(
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
    readonly prefix: string,
  ) {
    this.js = jetstream(nc);
    this.#replies = new ReplyMux(nc);
  }

  static async connect(options: BusOptions): Promise<NatsBus> {
    let nc: NatsConnection;
    try {
      nc = await connect({
        servers: natsServers(options.url),
        name: options.name,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        noAsyncTraces: options.asyncTraces !== true,
      });
    } catch (cause) {
      throw new Error(`cannot reach NATS at ${options.url} (set NATS_URL; is nats-server running with -js?)`, {
        cause,
      });
    }
    let jsm: JetStreamManager;
    try {
      jsm = await jetstreamManager(nc);
    } catch (cause) {
      await nc.close();
      throw new Error(`NATS at ${options.url} has no JetStream: start nats-server with -js`, { cause });
    }
    return new NatsBus(nc, jsm, options.prefix ?? '');
  }

  /** The largest message the server takes (its max_payload, as the connection reports it; NATS's default 1 MiB before). */
  get maxPayload(): number {
    return this.nc.info?.max_payload ?? 1024 * 1024;
  }

  subject(subject: string): string {
    return this.prefix ? `${this.prefix}.${subject}` : subject;
  }

  /** The subject as contracts-api spells it: a received message's subject without this bus's prefix. */
  unprefixed(subject: string): string {
    return this.prefix && subject.startsWith(`${this.prefix}.`) ? subject.slice(this.prefix.length + 1) : subject;
  }

  stream(name: string): string {
    return this.prefix ? `${this.prefix.toUpperCase()}_${name}` : name;
  }

  /**
   * Creates the streams that are missing with the policy's limits; with `update`, brings existing ones to the policy
   * in place (`ensureStreams` in stream-setup.ts).
   */
  ensureStreams(defs: readonly StreamDef[], options: EnsureStreamsOptions = {}): Promise<StreamReport[]> {
    const target = {
      jsm: this.jsm,
      stream: (name: string) => this.stream(name),
      subject: (subject: string) => this.subject(subject),
      clustered: Boolean(this.nc.info?.cluster),
    };
    return ensureStreams(target, defs, options);
  }

  async deleteStreams(defs: readonly StreamDef[]): Promise<void> {
    for (const def of defs) await this.jsm.streams.delete(this.stream(def.name)).catch(() => false);
  }

  /**
   * Publishes to JetStream and waits for the stream's ack (at most `timeoutMs`, the client's default when not given);
   * `msgId` makes a re-publish a no-op. The active trace context goes along as headers (`traceparent`).
   */
  publish(
    subject: string,
    data: unknown,
    msgId?: string,
    timeoutMs?: number,
  ): Promise<{ seq: number; duplicate: boolean }> {
    return this.publishJson(subject, JSON.stringify(data), msgId, timeoutMs);
  }

  /** `publish` of a message already serialised (`json` goes on the bus as it is: the outbox relay's events). */
  async publishJson(
    subject: string,
    json: string,
    msgId?: string,
    timeoutMs?: number,
  ): Promise<{ seq: number; duplicate: boolean }> {
    const full = this.subject(subject);
    let headers = traceHeaders();
    if (msgId) {
      headers ??= natsHeaders();
      headers.set('Nats-Msg-Id', msgId);
    }
    let ack;
    try {
      ack = await this.#replies.request(full, json, timeoutMs ?? PUBLISH_TIMEOUT_MS, headers);
    } catch (error) {
      if (error instanceof NoRespondersError)
        throw new Error(`no JetStream stream takes ${full} (no responders; is the stream created?)`, { cause: error });
      throw error;
    }
    return parsePubAck(full, ack.data);
  }

  /** Core NATS request whose reply is parsed as `{result}` with `schema`, or thrown as RequestError. */
  async request<S extends z.ZodType>(subject: string, data: unknown, schema: S, timeoutMs = 5000): Promise<z.infer<S>> {
    const attributes = { 'messaging.system': 'nats', 'messaging.destination.name': subject };
    return inSpan(`request ${subject}`, { role: 'client', attributes }, () =>
      this.requestOnce(subject, data, schema, timeoutMs),
    );
  }

  private async requestOnce<S extends z.ZodType>(
    subject: string,
    data: unknown,
    schema: S,
    timeoutMs: number,
  ): Promise<z.infer<S>> {
    const full = this.subject(subject);
    let raw: unknown;
    try {
      const msg = await this.#replies.request(full, JSON.stringify(data), timeoutMs, traceHeaders());
      raw = msg.json();
    } catch (error) {
      const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
      if (/no responders/i.test(text)) throw new RequestError(subject, 'UNAVAILABLE', 'no service is answering');
      if (/timeout/i.test(text)) throw new RequestError(subject, 'TIMEOUT', `no answer within ${timeoutMs} ms`);
      throw new RequestError(subject, 'INTERNAL', text);
    }
    const reply = ReplyEnvelope.safeParse(raw);
    if (!reply.success) throw new RequestError(subject, 'INTERNAL', 'malformed reply');
    if ('error' in reply.data)
      throw new RequestError(subject, reply.data.error.code, reply.data.error.message, reply.data.error.details);
    const result = schema.safeParse(reply.data.result);
    if (!result.success)
      throw new RequestError(subject, 'INTERNAL', `reply does not match its contract: ${result.error.message}`);
    return result.data;
  }

  /**
   * Answers requests on `subject`: the request is parsed with `schema` (a bad request gets a
   * VALIDATION_FAILED reply), the handler's result is sent as `{result}`, a thrown error as `{error}`.
   */
  serve<S extends z.ZodType>(
    subject: string,
    schema: S,
    handler: (request: z.infer<S>, subject: string) => Promise<unknown>,
    options: { queue?: string } = {},
  ): Subscription {
    return this.nc.subscribe(this.subject(subject), {
      ...(options.queue ? { queue: options.queue } : {}),
      callback: (err, msg) => {
        if (err || !msg.reply) return;
        const span = startSpan(`serve ${subject}`, {
          role: 'server',
          parent: traceOf(msg),
          attributes: { 'messaging.system': 'nats', 'messaging.destination.name': subject },
        });
        void runInContext(contextWithSpan(span), async () => {
          let body: unknown;
          try {
            const parsed = schema.parse(msg.json());
            body = { result: await handler(parsed, msg.subject) };
          } catch (error) {
            body = errorReply(error);
          }
          msg.respond(JSON.stringify(body));
          span.end();
        });
      },
    });
  }

  /** Ensures a durable pull consumer with explicit acks exists and returns its handle. */
  async durableConsumer(stream: string, durable: string, filterSubject: string, ackWaitMs = 30_000) {
    const name = this.stream(stream);
    await this.jsm.consumers.add(name, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.subject(filterSubject),
      ack_wait: ackWaitMs * 1_000_000,
      max_deliver: -1,
    });
    return this.js.consumers.get(name, durable);
  }

  async close(): Promise<void> {
    await this.nc.drain().catch(() => undefined);
  }
}

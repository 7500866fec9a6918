import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_CHARGER_PARTITIONS, subjects, type ChargerFact } from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import { Counter, Gauge, type Registry } from 'prom-client';
import { CorruptSpoolEntryError, type FactSpool, type SpoolEntry } from './fact-spool.js';

/** Where a fact went: acked by JetStream, written to the local spool, or refused (the spool is full). */
export type FactOutcome = 'jetstream' | 'spool' | 'refused';

type Mode = 'direct' | 'spooling' | 'full';

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;
// Facts published side by side while draining (at most one per charger).
const DRAIN_BATCH = 64;

/**
 * Makes each fact durable before the edge answers for it (docs/architecture.md §4): JetStream's ack, or else the
 * local spool on disk. While the spool holds anything every new fact goes behind it, and one loop publishes it to
 * JetStream oldest first, so each charger's facts reach the stream in the order they happened. A fact is removed
 * from the spool only after its ack; one published twice (a crash before the removal, a publish the client had
 * buffered) is dropped by JetStream by its id (`Nats-Msg-Id`). Nothing waits in memory: a fact the spool has no
 * room for is refused, and the charger's call gets a CALLERROR to retry.
 */
export class DurableFacts {
  #mode: Mode = 'direct';
  #running = false;
  /** The facts being recorded now (stop waits for them). */
  readonly #recording = new Set<Promise<FactOutcome>>();
  #draining: Promise<void> | undefined;
  #wake = new AbortController();
  #outageStartedAt: number | undefined;
  readonly #outcomes: Counter<'outcome'>;

  constructor(
    private readonly bus: NatsBus,
    private readonly spool: FactSpool,
    private readonly publishTimeoutMs: number,
    private readonly log: Logger,
    private readonly now: () => number,
    registry: Registry,
    /** CHARGER_PARTITIONS: the partition token of a fact's subject (docs/architecture.md §7). */
    private readonly partitions = DEFAULT_CHARGER_PARTITIONS,
  ) {
    this.#outcomes = new Counter({
      name: 'ocpp_edge_facts_total',
      help: 'Charger facts by where they were made durable: jetstream, spool (JetStream unavailable), refused (spool full)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    new Gauge({
      name: 'ocpp_edge_spool_messages',
      help: 'Facts in the local spool waiting for JetStream',
      registers: [registry],
      collect() {
        this.set(spool.depth.messages);
      },
    });
    new Gauge({
      name: 'ocpp_edge_spool_bytes',
      help: 'Bytes of the facts in the local spool',
      registers: [registry],
      collect() {
        this.set(spool.depth.bytes);
      },
    });
  }

  /** Starts draining what a previous run left in the spool. */
  start(): void {
    this.#running = true;
    if (!this.spool.empty) {
      this.#enter('spooling', { reason: 'facts left by a previous run' });
      this.#kick();
    }
  }

  /** Stops draining (facts stay in the spool for the next start) and gives the spool's lock back. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#wake.abort();
    await this.#draining;
    // A fact being recorded (its publish waiting for an ack, then perhaps its spool write) finishes first: the spool
    // is closed with nothing more on the way into it.
    await Promise.allSettled([...this.#recording]);
    await this.spool.close();
  }

  /** Resolves once the fact is in JetStream or in the spool; `refused` when neither could take it. */
  record(fact: ChargerFact): Promise<FactOutcome> {
    const recording = this.#record(fact);
    this.#recording.add(recording);
    void recording.finally(() => this.#recording.delete(recording)).catch(() => undefined);
    return recording;
  }

  async #record(fact: ChargerFact): Promise<FactOutcome> {
    const subject = subjects.ocppIn(fact.context.chargerId, fact.action, this.partitions);
    let failure: unknown;
    if (this.spool.empty) {
      try {
        await this.bus.publish(subject, fact, fact.id, this.publishTimeoutMs);
        this.#outcomes.inc({ outcome: 'jetstream' });
        return 'jetstream';
      } catch (error) {
        failure = error;
      }
    }
    let spooled;
    try {
      spooled = await this.spool.append({ subject, fact });
    } catch (err) {
      // The disk failed: the charger gets a CALLERROR and retries, as with a full spool.
      this.log.error({ err, factId: fact.id, dir: this.spool.dir }, 'a fact could not be written to the spool');
      this.#outcomes.inc({ outcome: 'refused' });
      return 'refused';
    }
    if (!spooled) {
      this.#outcomes.inc({ outcome: 'refused' });
      this.#enter('full', {});
      return 'refused';
    }
    this.#outcomes.inc({ outcome: 'spool' });
    if (this.#mode === 'direct') this.#enter('spooling', { err: failure, reason: 'JetStream did not ack a fact' });
    this.#kick();
    return 'spool';
  }

  #kick(): void {
    if (!this.#running || this.#draining !== undefined) return;
    this.#draining = this.#drain()
      .catch(async (err: unknown) => {
        this.log.error({ err }, 'spool drain failed; retried');
        await sleep(RETRY_MAX_MS, undefined, { signal: this.#wake.signal }).catch(() => undefined);
      })
      .finally(() => {
        this.#draining = undefined;
        // An append that finished while this pass was ending found it still running: go round again.
        if (this.#running && this.spool.written > 0) this.#kick();
      });
  }

  /**
   * Publishes the spool oldest first, in batches published side by side. A batch holds at most one fact per charger
   * (it ends before a charger's second fact), and a fact that fails stays at the front for the next batch, so no
   * fact of a charger is published before that charger's earlier ones are stored: order per charger holds through
   * retries, while the chargers' facts go out in parallel.
   */
  async #drain(): Promise<void> {
    let delay = RETRY_MIN_MS;
    let failures = 0;
    while (this.#running) {
      const oldest = await this.spool.oldest(DRAIN_BATCH);
      if (oldest.length === 0) break;
      const batch: { seq: number; entry: SpoolEntry }[] = [];
      const chargers = new Set<string>();
      let corrupt: CorruptSpoolEntryError | undefined;
      for (const item of oldest) {
        if (item instanceof CorruptSpoolEntryError) {
          corrupt = item;
          break;
        }
        const chargerId = item.entry.fact.context.chargerId;
        if (chargers.has(chargerId)) break;
        chargers.add(chargerId);
        batch.push(item);
      }
      const results = await Promise.allSettled(
        batch.map(async ({ seq, entry }) => {
          await this.bus.publish(entry.subject, entry.fact, entry.fact.id, this.publishTimeoutMs);
          await this.spool.remove(seq);
        }),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (corrupt !== undefined && failed === undefined) {
        const path = await this.spool.quarantine(corrupt.seq);
        this.log.error({ err: corrupt, path }, 'a spooled fact cannot be read: moved aside, the others go on');
      }
      if (failed !== undefined) {
        if (failures++ === 0)
          this.log.warn({ err: failed.reason, depth: this.spool.depth }, 'spool drain waits for JetStream');
        await sleep(delay, undefined, { signal: this.#wake.signal }).catch(() => undefined);
        delay = Math.min(delay * 2, RETRY_MAX_MS);
        continue;
      }
      delay = RETRY_MIN_MS;
      failures = 0;
      if (this.#mode === 'full') this.#enter('spooling', { reason: 'the spool has room again' });
    }
    if (this.spool.empty) this.#enter('direct', {});
  }

  /** One log line per change of mode, with the spool's depth. */
  #enter(mode: Mode, fields: { err?: unknown; reason?: string }): void {
    if (this.#mode === mode) return;
    const previous = this.#mode;
    this.#mode = mode;
    const depth = this.spool.depth;
    if (mode === 'spooling' && previous === 'direct') {
      this.#outageStartedAt = this.now();
      this.log.warn(
        { ...fields, depth, dir: this.spool.dir },
        'facts go to the local spool until JetStream acks again',
      );
    } else if (mode === 'spooling') {
      this.log.warn({ ...fields, depth }, 'spool has room again: charger calls are answered');
    } else if (mode === 'full') {
      this.log.error({ depth }, 'spool full: charger calls that report a fact get a CALLERROR until it drains');
    } else {
      const seconds = this.#outageStartedAt === undefined ? 0 : (this.now() - this.#outageStartedAt) / 1000;
      this.log.info({ seconds }, 'spool drained: facts go straight to JetStream again');
    }
  }
}

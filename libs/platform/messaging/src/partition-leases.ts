import { RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { NatsBus } from './nats-bus.js';

/** What a group of replicas agrees on: the same partitions, the same lease time (docs/architecture.md §7). */
export interface LeaseTerms {
  /** The consumer group (one per app): its replicas share its partitions. Letters, digits, `-` and `_`. */
  group: string;
  partitions: number;
  /** A lease not renewed within this time expires; its partition is taken over by another replica. */
  ttlMs: number;
}

/** One change of a partition's ownership, as this replica saw it (logged and counted by the caller). */
export interface OwnershipChange {
  partition: number;
  /** `restarted`: still held, its work stopped and started afresh (it had stalled). */
  change: 'acquired' | 'released' | 'lost' | 'restarted';
  reason: string;
}

/** What the lease keeper drives: start a partition's work when acquired, stop it before the lease goes. */
export interface PartitionWork {
  start(partition: number): Promise<void>;
  /** Resolves once nothing of the partition is applied any more (the batch in hand finished or abandoned). */
  stop(partition: number): Promise<void>;
  changed(change: OwnershipChange): void;
}

interface Held {
  revision: number;
  /** This replica applies the partition only before this instant (local clock). */
  validUntil: number;
}

const FREE = '';

/**
 * Partition ownership by leases on JetStream, as a KV bucket keeps them: one stream per group, one subject per
 * partition and per replica, one message kept per subject, `max_age` = the lease time. Taking or renewing a
 * lease is a compare-and-swap on the subject's last sequence (`Nats-Expected-Last-Subject-Sequence`): of two
 * replicas only one gets a partition. A lease no one renews vanishes after its time. A holder counts its lease
 * from the moment it *sent* the renewal and stops applying a quarter of the lease time before it could expire,
 * so it has stopped before anyone else can take the partition over. The stream's description records the
 * terms; a replica with other terms refuses to start.
 */
export class PartitionLeases {
  readonly #held = new Map<number, Held>();
  readonly #stream: string;
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    private readonly bus: NatsBus,
    private readonly terms: LeaseTerms,
    private readonly replicaId: string,
    private readonly work: PartitionWork,
    private readonly onError: (error: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.#stream = bus.stream(`LEASES_${terms.group.toUpperCase().replace(/-/g, '_')}`);
  }

  /** The partitions this replica holds now. */
  get owned(): number[] {
    return [...this.#held.keys()].sort((a, b) => a - b);
  }

  /** Whether this replica may still apply `partition`'s messages (its lease is held and not about to expire). */
  holds(partition: number): boolean {
    const held = this.#held.get(partition);
    return held !== undefined && this.now() < held.validUntil;
  }

  /** Ensures the lease stream (refusing other terms), joins the group and takes a first share. */
  async start(): Promise<void> {
    await this.ensureStream();
    await this.balance();
    const every = Math.max(100, Math.floor(this.terms.ttlMs / 4));
    this.#timer = setInterval(() => {
      this.#tick = this.#tick.then(() => this.balance().catch(this.onError));
    }, every);
  }

  /** Stops every partition's work, then gives the leases up so other replicas take them at once. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#tick;
    for (const partition of this.owned) await this.release(partition, 'replica stopping');
    await this.put(this.memberKey(), FREE).catch(() => undefined);
  }

  /**
   * Stops a held partition's work and starts it afresh (its durables resumed from their ack floors), in turn with
   * renewals and balancing so it never races a release. Nothing happens if the partition is no longer held.
   */
  restart(partition: number, reason: string): Promise<void> {
    const run = this.#tick.then(async () => {
      if (this.#stopped || !this.holds(partition)) return;
      await this.work.stop(partition);
      try {
        await this.work.start(partition);
      } catch (error) {
        await this.release(partition, `its work did not restart: ${String(error)}`);
        throw error;
      }
      this.work.changed({ partition, change: 'restarted', reason });
    });
    this.#tick = run.catch(this.onError);
    return this.#tick;
  }

  /** Stops renewing and taking leases without giving any up (what a crash does; the leases expire). */
  abandon(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
  }

  /** Renews what is held, counts the live replicas, then gives up or takes partitions towards a fair share. */
  async balance(): Promise<void> {
    if (this.#stopped) return;
    // Renewing comes first and never waits on the rest: a lease not renewed in time is given up, whatever failed.
    for (const partition of this.owned) await this.renew(partition);
    await this.put(this.memberKey(), `${this.terms.partitions}`);
    const members = await this.liveMembers();
    const share = Math.ceil(this.terms.partitions / Math.max(1, members));
    const owned = this.owned;
    for (const partition of owned.slice(share).reverse()) await this.release(partition, `fair share is ${share}`);
    if (owned.length >= share) return;
    // Start looking at a replica-specific partition: replicas starting together do not all race for partition 0.
    const offset = hashOf(this.replicaId) % this.terms.partitions;
    for (let i = 0; i < this.terms.partitions && this.#held.size < share && !this.#stopped; i++) {
      const partition = (offset + i) % this.terms.partitions;
      if (!this.#held.has(partition)) await this.tryAcquire(partition);
    }
  }

  private async renew(partition: number): Promise<void> {
    const held = this.#held.get(partition)!;
    // Lapsed here (renewals failed for too long): its work may already have stopped; start it again afresh.
    if (this.now() >= held.validUntil) return this.lose(partition, 'the lease lapsed before it could be renewed');
    const sentAt = this.now();
    try {
      const revision = await this.put(this.partitionKey(partition), this.replicaId, held.revision);
      // Lapsed while the renewal was on its way: the partition's work has seen `holds` false and stopped taking
      // messages, so it is lost and taken again (its work restarts afresh) rather than held with nothing working it.
      if (this.now() >= held.validUntil) return this.lose(partition, 'the lease lapsed while it was being renewed');
      this.#held.set(partition, { revision, validUntil: this.validFrom(sentAt) });
    } catch (error) {
      if (isWrongSequence(error)) return this.lose(partition, 'the lease was taken over (expired)');
      if (this.now() >= held.validUntil)
        return this.lose(partition, `the lease could not be renewed: ${String(error)}`);
    }
  }

  private async tryAcquire(partition: number): Promise<void> {
    const key = this.partitionKey(partition);
    const last = await this.bus.jsm.streams.getMessage(this.#stream, { last_by_subj: key }).catch(() => null);
    // Free, or still this replica's own lease (given up here after renewals failed): only this replica writes its id.
    if (last && last.string() !== FREE && last.string() !== this.replicaId) return;
    const sentAt = this.now();
    let revision: number;
    try {
      revision = await this.put(key, this.replicaId, last?.seq ?? 0);
    } catch (error) {
      if (isWrongSequence(error)) return;
      throw error;
    }
    this.#held.set(partition, { revision, validUntil: this.validFrom(sentAt) });
    try {
      await this.work.start(partition);
    } catch (error) {
      // Could not start (NATS hiccup): give the partition back rather than hold it without working it.
      await this.release(partition, `its work did not start: ${String(error)}`);
      throw error;
    }
    this.work.changed({ partition, change: 'acquired', reason: last ? 'it was released' : 'it was free' });
  }

  private async release(partition: number, reason: string): Promise<void> {
    await this.work.stop(partition);
    const held = this.#held.get(partition);
    this.#held.delete(partition);
    if (held) await this.put(this.partitionKey(partition), FREE, held.revision).catch(() => undefined);
    this.work.changed({ partition, change: 'released', reason });
  }

  private async lose(partition: number, reason: string): Promise<void> {
    // Not held any more: `holds` is false from now, so nothing more of it is applied while its work stops.
    this.#held.delete(partition);
    await this.work.stop(partition);
    this.work.changed({ partition, change: 'lost', reason });
  }

  private validFrom(sentAt: number): number {
    return sentAt + this.terms.ttlMs - Math.floor(this.terms.ttlMs / 4);
  }

  private async liveMembers(): Promise<number> {
    const info = await this.bus.jsm.streams.info(this.#stream, { subjects_filter: this.memberKey('*') });
    let live = 0;
    for (const subject of Object.keys(info.state.subjects ?? {})) {
      const last = await this.bus.jsm.streams.getMessage(this.#stream, { last_by_subj: subject }).catch(() => null);
      if (last && last.string() !== FREE) live++;
    }
    return live;
  }

  /** Publishes a value; with `expected`, only if the subject's last message is that sequence (0: none). */
  private async put(subject: string, value: string, expected?: number): Promise<number> {
    const ack = await this.bus.js.publish(subject, value, {
      ...(expected === undefined ? {} : { expect: { lastSubjectSequence: expected } }),
    });
    return ack.seq;
  }

  private partitionKey(partition: number): string {
    return this.bus.subject(`leases.${this.terms.group}.partition.${partition}`);
  }

  private memberKey(replicaId = this.replicaId): string {
    return this.bus.subject(`leases.${this.terms.group}.member.${replicaId}`);
  }

  private async ensureStream(): Promise<void> {
    const description = `partitions=${this.terms.partitions} ttlMs=${this.terms.ttlMs}`;
    const config = {
      name: this.#stream,
      subjects: [this.bus.subject(`leases.${this.terms.group}.>`)],
      description,
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_msgs_per_subject: 1,
      max_age: this.terms.ttlMs * 1_000_000,
      num_replicas: this.bus.nc.info?.cluster ? 3 : 1,
    };
    const existing = await this.bus.jsm.streams.info(this.#stream).catch(() => null);
    if (!existing) return void (await this.bus.jsm.streams.add(config).catch((e) => this.checkRace(e, description)));
    if (existing.config.description === description) return;
    // Other terms: refused while a replica works on them; taken over once every replica of the group is gone.
    if ((await this.liveMembers()) > 0) throw mismatch(this.terms.group, existing.config.description);
    await this.bus.jsm.streams.update(this.#stream, { description, max_age: config.max_age });
  }

  /** Two replicas created the stream at once: fine if the other one's terms are ours. */
  private async checkRace(error: unknown, description: string): Promise<void> {
    const existing = await this.bus.jsm.streams.info(this.#stream).catch(() => null);
    if (!existing) throw error;
    if (existing.config.description !== description) throw mismatch(this.terms.group, existing.config.description);
  }
}

function mismatch(group: string, theirs: string | undefined): Error {
  return new Error(
    `${group}: the running replicas share their partitions on other terms (${theirs ?? 'none recorded'}); ` +
      'CHARGER_PARTITIONS and PARTITION_LEASE_TTL_SECONDS must be the same for every replica ' +
      '(to change them, stop every replica first: docs/operations/runbook.md, "Scale")',
  );
}

function isWrongSequence(error: unknown): boolean {
  return /wrong last sequence/i.test(String(error));
}

function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

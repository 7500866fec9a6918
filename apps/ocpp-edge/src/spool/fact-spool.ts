import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChargerFact } from '@chargeplane/contracts-api';
import { z } from 'zod';

/** A fact waiting in the spool for JetStream: the (unprefixed) subject it goes to, and the fact (its id is the msgId). */
export const SpoolEntry = z.object({ subject: z.string().min(1), fact: ChargerFact });
export type SpoolEntry = z.infer<typeof SpoolEntry>;

export interface SpoolLimits {
  readonly maxMessages: number;
  readonly maxBytes: number;
}

export interface SpoolDepth {
  readonly messages: number;
  readonly bytes: number;
}

/** Thrown by `FactSpool.open` when another live process holds the directory. */
export class SpoolLockedError extends Error {}

/** Given by `FactSpool.oldest` for an entry that cannot be read back (then `quarantine(seq)` moves it aside). */
export class CorruptSpoolEntryError extends Error {
  constructor(
    readonly seq: number,
    cause: unknown,
  ) {
    super(`spooled fact ${seq} cannot be read: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

const LOCK = 'spool.lock';
const SUFFIX = '.fact';
const SEQ_WIDTH = 16;

/**
 * The edge's local spool (docs/architecture.md §4, "Nothing acknowledged before it is durable"): facts JetStream
 * could not take, one file per fact named by its sequence, so a restart finds them in order. A fact counts as
 * spooled only once its file is written, fsynced and renamed into place (with the directory fsynced): a crash
 * leaves either the whole fact or a `.tmp` that is removed at the next open. Bounded by messages and bytes; appends
 * are written one at a time, in the order they were made. One process per directory (a lock file with its pid).
 */
export class FactSpool {
  readonly #entries: { seq: number; bytes: number }[];
  #nextSeq: number;
  #bytes: number;
  #reserved = { messages: 0, bytes: 0 };
  #pending: PendingWrite[] = [];
  #flushing: Promise<void> | undefined;

  private constructor(
    readonly dir: string,
    private readonly limits: SpoolLimits,
    entries: { seq: number; bytes: number }[],
    readonly discarded: string[],
  ) {
    this.#entries = entries;
    this.#nextSeq = (entries.at(-1)?.seq ?? 0) + 1;
    this.#bytes = entries.reduce((sum, e) => sum + e.bytes, 0);
  }

  /** Opens (creating) the directory, takes its lock and finds the facts a previous run left. */
  static async open(dir: string, limits: SpoolLimits): Promise<FactSpool> {
    await mkdir(dir, { recursive: true });
    await takeLock(dir);
    const entries: { seq: number; bytes: number }[] = [];
    const discarded: string[] = [];
    for (const name of await readdir(dir)) {
      if (name.endsWith('.tmp')) {
        await rm(join(dir, name), { force: true });
        discarded.push(name);
        continue;
      }
      if (!name.endsWith(SUFFIX)) continue;
      const seq = Number(name.slice(0, -SUFFIX.length));
      if (!Number.isSafeInteger(seq) || seq <= 0) continue;
      entries.push({ seq, bytes: (await stat(join(dir, name))).size });
    }
    entries.sort((a, b) => a.seq - b.seq);
    return new FactSpool(dir, limits, entries, discarded);
  }

  get depth(): SpoolDepth {
    return { messages: this.#entries.length + this.#reserved.messages, bytes: this.#bytes + this.#reserved.bytes };
  }

  /** Entries written and not yet removed (appends in progress not counted). */
  get written(): number {
    return this.#entries.length;
  }

  get empty(): boolean {
    return this.depth.messages === 0;
  }

  /**
   * Writes the entry durably; false (nothing written) when it would exceed a limit. Appends made while a batch is
   * being written go together in the next one: their files are written and fsynced side by side (the filesystem
   * commits them in one journal flush), renamed into place in the order of the appends, then the directory is
   * fsynced once; each append resolves only after that.
   */
  append(entry: SpoolEntry): Promise<boolean> {
    const body = `${JSON.stringify(entry)}\n`;
    const bytes = Buffer.byteLength(body, 'utf8');
    const depth = this.depth;
    if (depth.messages + 1 > this.limits.maxMessages || depth.bytes + bytes > this.limits.maxBytes) {
      return Promise.resolve(false);
    }
    this.#reserved = { messages: this.#reserved.messages + 1, bytes: this.#reserved.bytes + bytes };
    const seq = this.#nextSeq++;
    return new Promise<boolean>((resolve, reject) => {
      this.#pending.push({
        seq,
        body,
        bytes,
        settle: (error) => {
          this.#reserved = { messages: this.#reserved.messages - 1, bytes: this.#reserved.bytes - bytes };
          if (error === undefined) resolve(true);
          else reject(error instanceof Error ? error : new Error(String(error)));
        },
      });
      this.#flushSoon();
    });
  }

  /**
   * The oldest `count` written entries, oldest first, read back and parsed; an entry that cannot be read comes as
   * its CorruptSpoolEntryError (then `quarantine(seq)` moves it aside).
   */
  async oldest(count: number): Promise<({ seq: number; entry: SpoolEntry } | CorruptSpoolEntryError)[]> {
    return Promise.all(
      this.#entries.slice(0, count).map(async ({ seq }) => {
        try {
          return { seq, entry: SpoolEntry.parse(JSON.parse(await readFile(this.#path(seq), 'utf8'))) };
        } catch (error) {
          return new CorruptSpoolEntryError(seq, error);
        }
      }),
    );
  }

  /** Removes an entry (once JetStream acked it). */
  async remove(seq: number): Promise<void> {
    const at = this.#entries.findIndex((e) => e.seq === seq);
    if (at < 0) throw new Error(`spool holds no entry ${seq}`);
    await rm(this.#path(seq), { force: true });
    this.#forget(seq);
  }

  /** Moves an entry that cannot be read aside (`.corrupt`), so it does not block the others. */
  async quarantine(seq: number): Promise<string> {
    const target = `${this.#path(seq)}.corrupt`;
    await rename(this.#path(seq), target);
    this.#forget(seq);
    return target;
  }

  #forget(seq: number): void {
    const at = this.#entries.findIndex((e) => e.seq === seq);
    if (at < 0) return;
    const [entry] = this.#entries.splice(at, 1);
    this.#bytes -= entry?.bytes ?? 0;
  }

  /** Waits for the writes in progress and gives the lock back. */
  async close(): Promise<void> {
    while (this.#flushing !== undefined) await this.#flushing;
    await rm(join(this.dir, LOCK), { force: true });
  }

  #flushSoon(): void {
    if (this.#flushing !== undefined) return;
    this.#flushing = this.#flush().finally(() => {
      this.#flushing = undefined;
      if (this.#pending.length > 0) this.#flushSoon();
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#pending.splice(0);
    const written = await Promise.allSettled(batch.map((w) => writeSynced(`${this.#path(w.seq)}.tmp`, w.body)));
    const placed: PendingWrite[] = [];
    for (const [i, w] of batch.entries()) {
      const result = written[i];
      try {
        if (result?.status === 'rejected') throw result.reason;
        await rename(`${this.#path(w.seq)}.tmp`, this.#path(w.seq));
        this.#entries.push({ seq: w.seq, bytes: w.bytes });
        this.#bytes += w.bytes;
        placed.push(w);
      } catch (error) {
        await rm(`${this.#path(w.seq)}.tmp`, { force: true }).catch(() => undefined);
        w.settle(error);
      }
    }
    if (placed.length === 0) return;
    const synced = await syncDirectory(this.dir).then(
      () => undefined,
      (error: unknown) => error ?? new Error('directory fsync failed'),
    );
    for (const w of placed) w.settle(synced);
  }

  #path(seq: number): string {
    return join(this.dir, `${String(seq).padStart(SEQ_WIDTH, '0')}${SUFFIX}`);
  }
}

interface PendingWrite {
  readonly seq: number;
  readonly body: string;
  readonly bytes: number;
  /** Called once: without an error when the entry is durable. */
  readonly settle: (error?: unknown) => void;
}

async function writeSynced(path: string, body: string): Promise<void> {
  const file = await open(path, 'w');
  try {
    await file.writeFile(body, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** One process per spool: a lock file with the holder's pid; a dead holder's lock is taken over. */
async function takeLock(dir: string): Promise<void> {
  const path = join(dir, LOCK);
  const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
  if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
    throw new SpoolLockedError(
      `spool ${dir} is held by process ${holder}: give each edge replica its own EDGE_SPOOL_DIR`,
    );
  }
  await writeFile(path, `${process.pid}\n`, 'utf8');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

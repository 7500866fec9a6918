import { mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { restoreState, serialiseState, type DeviceState } from '@chargeplane/sim-device';
import type { Scheduler } from '../scheduler/scheduler.js';

// Stored profiles survive restarts (Errata 3.37): one JSON file per charger in the state directory, written
// atomically (temp file + rename, so a crash never leaves half a file). In fleet mode saves are debounced:
// many changes within the debounce window cost one write.

export interface StateStoreOptions {
  /** null = no persistence (state lives only in memory). */
  dir: string | null;
  /** 0 = write on every change; otherwise at most one write per charger per window (real ms). */
  debounceMs: number;
  onError: (chargerId: string, error: unknown) => void;
}

interface Pending {
  read: () => DeviceState;
  timer: { cancel(): void } | null;
}

export class StateStore {
  private readonly pending = new Map<string, Pending>();
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly options: StateStoreOptions,
  ) {
    if (options.dir !== null) mkdirSync(options.dir, { recursive: true });
  }

  fileOf(chargerId: string): string | null {
    return this.options.dir === null ? null : join(this.options.dir, `${encodeURIComponent(chargerId)}.json`);
  }

  /** The saved state, or null when there is none. Throws when a file exists but is not a valid state. */
  load(chargerId: string): DeviceState | null {
    const file = this.fileOf(chargerId);
    if (file === null) return null;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return restoreState(text);
  }

  /** Marks the charger's state for saving; `read` is called when the write happens (latest state wins). */
  save(chargerId: string, read: () => DeviceState): void {
    if (this.options.dir === null) return;
    const existing = this.pending.get(chargerId);
    if (existing) {
      existing.read = read;
      return;
    }
    const entry: Pending = { read, timer: null };
    this.pending.set(chargerId, entry);
    if (this.options.debounceMs <= 0) void this.write(chargerId);
    else entry.timer = this.scheduler.after(this.options.debounceMs, () => void this.write(chargerId));
  }

  /** Writes what is pending for one charger (or all) and waits for writes in progress. */
  async flush(chargerId?: string): Promise<void> {
    const ids = chargerId === undefined ? [...this.pending.keys()] : [chargerId];
    await Promise.all(ids.filter((id) => this.pending.has(id)).map((id) => this.write(id)));
    const inProgress = chargerId === undefined ? [...this.writing.values()] : [this.writing.get(chargerId)];
    await Promise.all(inProgress);
  }

  private async write(chargerId: string): Promise<void> {
    const previous = this.writing.get(chargerId);
    if (previous) await previous; // one write per file at a time; the next one takes the newest state
    const entry = this.pending.get(chargerId);
    if (!entry) return;
    this.pending.delete(chargerId);
    entry.timer?.cancel();
    const file = this.fileOf(chargerId);
    if (file === null) return;
    const text = serialiseState(entry.read());
    const job = (async () => {
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, text, 'utf8');
      await rename(temp, file);
    })()
      .catch((error: unknown) => this.options.onError(chargerId, error))
      .finally(() => {
        if (this.writing.get(chargerId) === job) this.writing.delete(chargerId);
      });
    this.writing.set(chargerId, job);
    await job;
  }
}

// The audit trail of every CS→charger call the charger received, the thing a test of the platform checks
// ("did the platform really write only 24 times?"). Bounded so a long fleet run cannot grow without limit.

export interface CallLogEntry {
  /** Simulated time the call was handled (ISO 8601 UTC). */
  simTime: string;
  /** Wall-clock time the call was handled (ISO 8601 UTC). */
  realTime: string;
  action: string;
  payload: unknown;
  /** The CALLRESULT payload, or `{ callError, description }` for a CALLERROR. */
  answer: unknown;
  /** The call changed stored memory (a zappi write, counted against the write window). */
  memoryWrite: boolean;
  /** Why the device answered as it did (rejections, no-op writes); null when there is nothing to say. */
  reason: string | null;
}

export class CallLog {
  private entries: CallLogEntry[] = [];
  private droppedCount = 0;

  constructor(private readonly limit: number) {}

  add(entry: CallLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) {
      // Drop the oldest tenth in one go so trimming stays amortised O(1).
      const excess = this.entries.length - this.limit + Math.ceil(this.limit / 10);
      this.entries = this.entries.slice(excess);
      this.droppedCount += excess;
    }
  }

  list(): readonly CallLogEntry[] {
    return this.entries;
  }

  /** Entries dropped because the log reached its limit. */
  get dropped(): number {
    return this.droppedCount;
  }
}

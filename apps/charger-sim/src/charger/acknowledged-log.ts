// The charger's own calls the Central System acknowledged (CALLRESULT), as the device saw them: an audit source
// independent of the platform (the fault drill checks each acknowledged transaction is in the event history).

export interface AcknowledgedEntry {
  /** Simulated time the answer arrived (ISO 8601 UTC). */
  simTime: string;
  realTime: string;
  action: string;
  /** The transaction the call concerns: the CS's id for StartTransaction, the request's for the others. */
  transactionId: number | null;
  connectorId: number | null;
}

/** Calls whose acknowledgement is a fact the platform must keep: a transaction's start and stop. */
const AUDITED = new Set(['StartTransaction', 'StopTransaction']);

const numberAt = (value: unknown, key: string): number | null => {
  const n = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof n === 'number' ? n : null;
};

export function acknowledgedEntry(
  action: string,
  request: unknown,
  answer: unknown,
  at: { simTime: string; realTime: string },
): AcknowledgedEntry | null {
  if (!AUDITED.has(action)) return null;
  return {
    ...at,
    action,
    transactionId:
      action === 'StartTransaction' ? numberAt(answer, 'transactionId') : numberAt(request, 'transactionId'),
    connectorId: numberAt(request, 'connectorId'),
  };
}

export class AcknowledgedLog {
  private entries: AcknowledgedEntry[] = [];
  private droppedCount = 0;

  constructor(private readonly limit: number) {}

  add(entry: AcknowledgedEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) {
      const excess = this.entries.length - this.limit + Math.ceil(this.limit / 10);
      this.entries = this.entries.slice(excess);
      this.droppedCount += excess;
    }
  }

  list(): readonly AcknowledgedEntry[] {
    return this.entries;
  }

  /** Entries dropped because the log reached its limit (an audit that lost entries says so). */
  get dropped(): number {
    return this.droppedCount;
  }
}

/**
 * Runs the socket events of every connection (frames, closes, errors) together once per event-loop turn, in arrival
 * order: what they send to NATS — replies to CSMS calls, facts — then leaves in one write instead of one per frame.
 * The NATS client writes whatever it holds at the end of each task (a microtask); handled one by one, every charger
 * frame cost a `write` system call of its own, the largest single cost of the edge under load (bench/README.md,
 * ocpp-edge). A connection's events keep their order (one FIFO for all), and the turn they wait is the one the
 * event loop would have taken anyway: `setImmediate` runs right after the I/O callbacks that queued them.
 */
export class SocketEventBatch {
  #queue: (() => void)[] = [];
  #scheduled = false;

  constructor(private readonly onError: (error: unknown) => void) {}

  /** Queues one event's handling for the end of this event-loop turn. */
  run(task: () => void): void {
    this.#queue.push(task);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#drain());
  }

  #drain(): void {
    this.#scheduled = false;
    const tasks = this.#queue;
    this.#queue = [];
    for (const task of tasks) {
      try {
        task();
      } catch (error) {
        // One connection's failure must not drop the events of the others queued behind it.
        this.onError(error);
      }
    }
  }
}

/**
 * `nc.flush()` for many callers at once: a flush (PING, then wait for the server's PONG) proves the server has
 * processed everything written before it, and the NATS client writes its buffer at once for every flush. In a
 * connect storm each new connection flushed twice (its `cp.{id}.call` subscription, its handover announcement): two
 * write system calls and two round trips per charger. Callers of one event-loop turn now share one flush issued at
 * the end of the turn — after all of their commands are in the client's buffer, so it proves each of them.
 */
export class CoalescedFlush {
  #next: Promise<void> | undefined;

  constructor(private readonly flush: () => Promise<void>) {}

  /** Resolves once the server has processed everything this caller wrote before calling. */
  run(): Promise<void> {
    this.#next ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      // Later callers get the next flush: their commands may follow this PING.
      this.#next = undefined;
      return this.flush();
    });
    return this.#next;
  }
}

/**
 * Runs tasks one after another per key (a stream, a charger), keys independently of each other. A failed task
 * does not stop the ones queued behind it. Keys with nothing queued hold no memory.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return run;
  }

  /** How many keys have a task running or queued. */
  get busyKeys(): number {
    return this.#tails.size;
  }
}

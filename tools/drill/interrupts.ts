/** A cleanup that runs at most once: `run` starts it (or answers the one under way), `started` says whether it did. */
export interface CleanupOnce {
  run: () => Promise<void>;
  started: () => boolean;
}

/** What the drill does when interrupted (Ctrl-C, SIGTERM). */
export interface InterruptOptions {
  /** Stops what the drill started (fleet, platform, servers). */
  cleanup: CleanupOnce;
  /** True while a failed run keeps its servers for a look (`--keep-on-failure`): its own wait ends on the interrupt. */
  keeping: () => boolean;
  exit: (code: number) => void;
  log: (line: string) => void;
}

/** `stop` run at most once, however often it is asked (an interrupt, then the run's own end). */
export function cleanupOnce(stop: () => Promise<void>): CleanupOnce {
  let running: Promise<void> | undefined;
  return { run: () => (running ??= stop()), started: () => running !== undefined };
}

/**
 * The drill's handler for SIGINT and SIGTERM. The first interrupt stops what the drill started and exits 130; a later
 * one, while that cleanup runs, is only acknowledged. A second Ctrl-C used to end the process halfway through the
 * cleanup and leave its nats-servers and PostgreSQL running.
 */
export function interruptHandler(options: InterruptOptions) {
  const { cleanup } = options;
  return (signal: NodeJS.Signals): void => {
    if (cleanup.started()) {
      options.log(`drill: ${signal} again: stopping the servers this drill started; wait for it to end`);
      return;
    }
    if (options.keeping()) return;
    void cleanup.run().then(() => options.exit(130));
  };
}

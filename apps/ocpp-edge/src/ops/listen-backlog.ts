import { readFileSync } from 'node:fs';

const SOMAXCONN_FILE = '/proc/sys/net/core/somaxconn';

/** The kernel's cap on a listen backlog (Linux `net.core.somaxconn`); null where it cannot be read. */
export function readSomaxconn(file = SOMAXCONN_FILE): number | null {
  try {
    const value = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

/**
 * What the kernel really gives the charger port: the requested backlog capped at somaxconn. When the cap bites, the
 * edge says so at start, since a fleet reconnecting at once then waits on SYN retries (1 s, 3 s, 7 s…) for the
 * handshakes the accept queue could not hold (docs/operations/edge-host.md).
 */
export function effectiveBacklog(
  requested: number,
  somaxconn: number | null,
): { backlog: number; cappedBy: number | null } {
  if (somaxconn === null || somaxconn >= requested) return { backlog: requested, cappedBy: null };
  return { backlog: somaxconn, cappedBy: somaxconn };
}

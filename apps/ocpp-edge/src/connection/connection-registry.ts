import type { ChargerConnection } from './charger-connection.js';

/** Why an older connection is closed when the same charger connects again (a 4000-range application code). */
export const REPLACED = { code: 4000, text: 'replaced by a newer connection' } as const;

/**
 * The connection each charger currently has on this edge. A newer connection replaces the older one (ARCHITECTURE
 * §7): the older is ended first — its calls answered `offline`, its subscription gone, its `Disconnected` recorded —
 * and only then does the newer start. Handovers of one charger run one after another, however many race.
 */
export class ConnectionRegistry {
  readonly #current = new Map<string, ChargerConnection>();
  readonly #handovers = new Map<string, Promise<void>>();

  /** Makes `connection` its charger's connection; resolves once every older one has ended. */
  async admit(connection: ChargerConnection): Promise<void> {
    const { chargerId } = connection;
    const previous = this.#current.get(chargerId);
    this.#current.set(chargerId, connection);
    const before = this.#handovers.get(chargerId) ?? Promise.resolve();
    const handover = before.then(() => previous?.end(REPLACED.text, REPLACED));
    this.#handovers.set(chargerId, handover);
    await handover;
    if (this.#handovers.get(chargerId) === handover) this.#handovers.delete(chargerId);
  }

  /** Forgets a connection that ended, unless a newer one already took its place. */
  release(connection: ChargerConnection): void {
    if (this.#current.get(connection.chargerId) === connection) this.#current.delete(connection.chargerId);
  }

  all(): ChargerConnection[] {
    return [...this.#current.values()];
  }
}

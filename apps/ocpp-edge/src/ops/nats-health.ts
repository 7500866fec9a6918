import type { NatsConnection } from '@nats-io/transport-node';

/**
 * Follows the NATS connection's status events: for `/readyz` (an edge that cannot reach NATS must not get chargers),
 * and to tell the edge when the connection came back (`onReconnect`), so that it re-announces its chargers (L4a).
 */
export class NatsHealth {
  #connected = true;

  constructor(
    private readonly nc: NatsConnection,
    private readonly onReconnect: () => void = () => undefined,
  ) {
    void this.#watch();
  }

  get connected(): boolean {
    return this.#connected && !this.nc.isClosed() && !this.nc.isDraining();
  }

  async #watch(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') this.#connected = false;
      if (status.type === 'reconnect') {
        this.#connected = true;
        this.onReconnect();
      }
    }
  }
}

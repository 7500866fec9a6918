import { ConnectionOpened, edgeSubjects } from '@chargeplane/contracts-api';
import type { NatsBus } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import type { Subscription } from '@nats-io/transport-node';
import type { ConnectionRegistry } from './connection-registry.js';

/** Why a connection is closed when its charger connected to another edge since. */
export const MOVED = { code: 4001, text: 'replaced by a newer connection on another edge' } as const;

/**
 * Several edges serve one fleet (ARCHITECTURE §7): each announces the chargers that connect to it, and an
 * edge still holding an older connection of that charger closes it, so `cp.{id}.call` has one subscriber
 * again and calls follow the charger to its new edge.
 */
export class EdgeHandover {
  #subscription: Subscription | undefined;

  constructor(
    private readonly bus: NatsBus,
    private readonly registry: ConnectionRegistry,
    private readonly edgeId: string,
    private readonly log: Logger,
    /** The edge's shared `nc.flush()` (`CoalescedFlush`). */
    private readonly flush: () => Promise<void>,
  ) {}

  start(): void {
    this.#subscription = this.bus.nc.subscribe(this.bus.subject(edgeSubjects.connectionOpenedAll), {
      callback: (error, msg) => {
        if (error) return this.log.warn({ err: error }, 'edge handover subscription failed');
        const opened = ConnectionOpened.safeParse(parseJson(msg.string()));
        if (!opened.success)
          return this.log.warn({ subject: msg.subject }, 'ignored a malformed edge handover message');
        this.#onOpened(opened.data);
      },
    });
  }

  /** Tells the other edges that this edge now holds the charger. */
  async announce(opened: ConnectionOpened): Promise<void> {
    this.bus.nc.publish(this.bus.subject(edgeSubjects.connectionOpened(opened.chargerId)), JSON.stringify(opened));
    await this.flush();
  }

  stop(): void {
    this.#subscription?.unsubscribe();
  }

  #onOpened(opened: ConnectionOpened): void {
    if (opened.edgeId === this.edgeId) return;
    const local = this.registry.all().find((c) => c.chargerId === opened.chargerId);
    if (!local || local.connectionId === opened.connectionId) return;
    this.log.info({ chargerId: opened.chargerId, newEdge: opened.edgeId }, 'charger moved to another edge');
    void local.end(MOVED.text, MOVED);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

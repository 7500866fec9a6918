import type { DeadlineCallReply } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import type { ChargerEvent, ChargerState } from '@chargeplane/charger-domain';

/** Where an append came from: who asked, in answer to what. */
export interface AppendContext {
  tenantId: string;
  correlationId: string;
  causationId: string | null;
}

/** Read-model rows the writer keeps in the same transaction as its events. */
export interface WriterProjection {
  /** When the aggregate must next be woken (deferral end, write timeout), or null. */
  wakeAt: number | null;
}

/** The charger's event stream: load (state and version) and append with an expected version. */
export interface ChargerRepository {
  /**
   * The charger's state and version. It may come from a cache that another process's appends have made stale:
   * the next append then fails with ConcurrencyError. `fresh` reads the stream's newest events first.
   */
  load(chargerId: string, options?: { fresh?: boolean }): Promise<{ state: ChargerState; version: number }>;
  /** Throws ConcurrencyError when the stream is no longer at `expectedVersion`. */
  append(
    chargerId: string,
    expectedVersion: number,
    events: readonly ChargerEvent[],
    context: AppendContext,
    projection: WriterProjection,
  ): Promise<EventEnvelope[]>;
}

/**
 * Sends one OCPP call to a charger through whichever edge holds it. With `sendBy` (epoch ms, the platform's clock)
 * the edge puts it on the wire only before that instant, else answers `not-sent`.
 */
export interface ChargerGateway {
  call(
    chargerId: string,
    action: string,
    payload: Record<string, unknown>,
    timeoutMs: number,
    options?: { sendBy?: number },
  ): Promise<DeadlineCallReply>;
}

export interface Clock {
  now(): number;
}

export interface Ids {
  uuid(): string;
}

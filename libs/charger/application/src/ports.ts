import type { DeadlineCallReply, Twin, TwinListRequest, TwinPage } from '@chargeplane/contracts-api';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
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
  /**
   * A hint that these streams were just found not to exist (the directory has no such chargers): the next load
   * may take them as empty instead of reading them. A wrong hint costs a version conflict and a fresh read,
   * never a wrong decision (an empty state at version 0 is a prefix of every stream).
   */
  expectNew(chargerIds: readonly string[]): void;
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

/** Where randomness comes from (retry jitter): crypto in production, seeded in tests. */
export interface RandomSource {
  /** A whole number drawn uniformly from 0 … maxInclusive. */
  int(maxInclusive: number): number;
}

/** Who asks: the tenant (every use case is scoped to it) and the request's correlation id. */
export interface RequestContext {
  tenantId: string;
  correlationId: string;
}

/** The charger streams as stored (not folded): their history and current version. */
export interface ChargerEventLog {
  /** The stream's events from `fromVersion` on, oldest first. */
  read(chargerId: string, fromVersion: number): Promise<EventEnvelope[]>;
  /** The stream's current version (0: no such stream), read without folding anything. */
  version(chargerId: string): Promise<number>;
}

/** The directory of registered charger ids (kept by the writer in its events' transaction). */
export interface ChargerRegistry {
  isRegistered(chargerId: string): Promise<boolean>;
  /** Which of these charger ids are registered (one lookup for a whole bulk registration). */
  registeredAmong(chargerIds: readonly string[]): Promise<Set<string>>;
}

/** A new charger credential: the password shown once (generated unless chosen) and the hash stored. */
export interface ChargerCredentials {
  newChargerCredential(chosenPassword?: string): Promise<{ password: string; credentialsHash: string }>;
}

/** A profile for a GB charger, as compliance-gb is asked to evaluate it (platform randomised delay, reg 11). */
export interface GbEvaluationRequest {
  tenantId: string;
  chargerId: string;
  connectorId: number;
  chargingProfile: ChargingProfile;
}

/** A removal from a GB charger, as compliance-gb is asked to evaluate it (rule G1). */
export interface GbRemovalRequest {
  tenantId: string;
  chargerId: string;
  chargingProfileId: number;
}

/** compliance-gb's evaluation. Fails with UNAVAILABLE when it does not answer. */
export interface GbProfileEvaluator {
  /** The profile to store and send. */
  evaluate(request: GbEvaluationRequest): Promise<ChargingProfile>;
  /**
   * A removal that changes the limit in force (platform mode) is held back: the profile to desire instead,
   * holding that limit for the removal's random delay (compliance-gb removes it once it ran out); null: remove now.
   */
  evaluateRemoval(request: GbRemovalRequest): Promise<{ connectorId: number; chargingProfile: ChargingProfile } | null>;
}

/** The device twin's views of chargers (another context). */
export interface TwinViews {
  twin(tenantId: string, chargerId: string): Promise<Twin>;
  twins(query: TwinListRequest): Promise<TwinPage>;
}

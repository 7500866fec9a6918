import { ChargerEvent, evolve, initialState } from '@chargeplane/charger-domain';
import { ConcurrencyError, PlatformError, type Twin, type TwinPage } from '@chargeplane/contracts-api';
import { chargerStreamId, toNewEvents, type EventEnvelope } from '@chargeplane/contracts-events';
import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import { CredentialHasher } from '@chargeplane/platform-security';
import { ChargerService } from '../charger-service.js';
import type {
  ChargerEventLog,
  ChargerRepository,
  ChargerRegistry,
  GbEvaluationRequest,
  GbProfileEvaluator,
  GbRemovalRequest,
  TwinViews,
} from '../ports.js';
import { ChargerOwnership } from './charger-ownership.js';

/** Charger streams in memory, with the store's version check (ConcurrencyError on a stale expected version). */
export class InMemoryChargerStreams implements ChargerRepository, ChargerEventLog, ChargerRegistry {
  readonly streams = new Map<string, EventEnvelope[]>();
  #ids = 0;

  async load(chargerId: string) {
    const envelopes = this.streams.get(chargerId) ?? [];
    const state = envelopes
      .map((e) =>
        ChargerEvent.parse({ type: e.type, schemaVersion: e.schemaVersion, occurredAt: e.occurredAt, data: e.data }),
      )
      .reduce(evolve, { ...initialState(), chargerId });
    return { state, version: envelopes.length };
  }

  async append(
    chargerId: string,
    expectedVersion: number,
    events: readonly ChargerEvent[],
    context: { tenantId: string; correlationId: string; causationId: string | null },
  ) {
    const current = this.streams.get(chargerId) ?? [];
    if (current.length !== expectedVersion)
      throw new ConcurrencyError(chargerStreamId(chargerId), expectedVersion, current.length);
    const stored = toNewEvents(chargerId, events, context, () => `evt-${++this.#ids}`).map((e, i): EventEnvelope => ({
      ...e,
      streamId: chargerStreamId(chargerId),
      streamVersion: expectedVersion + i + 1,
      recordedAt: e.occurredAt,
    }));
    this.streams.set(chargerId, [...current, ...stored]);
    return stored;
  }

  async read(chargerId: string, fromVersion: number) {
    return (this.streams.get(chargerId) ?? []).filter((e) => e.streamVersion >= fromVersion);
  }

  async version(chargerId: string) {
    return this.streams.get(chargerId)?.length ?? 0;
  }

  async isRegistered(chargerId: string) {
    return this.streams.has(chargerId);
  }

  async registeredAmong(chargerIds: readonly string[]) {
    return new Set(chargerIds.filter((id) => this.streams.has(id)));
  }

  /** Reads in memory cost nothing: the hint is not needed. */
  expectNew(): void {}

  typesOf(chargerId: string): string[] {
    return (this.streams.get(chargerId) ?? []).map((e) => e.type);
  }
}

/** compliance-gb stood in for: records what it was asked, answers with `delayed` (or fails). */
export class FakeGbEvaluator implements GbProfileEvaluator {
  readonly asked: GbEvaluationRequest[] = [];
  answer: ((request: GbEvaluationRequest) => ChargingProfile) | 'unavailable' = (r) => r.chargingProfile;

  async evaluate(request: GbEvaluationRequest): Promise<ChargingProfile> {
    this.asked.push(request);
    if (this.answer === 'unavailable') throw new PlatformError('UNAVAILABLE', 'compliance-gb is not answering');
    return this.answer(request);
  }

  readonly removals: GbRemovalRequest[] = [];
  /** The holding profile compliance-gb answers a removal with (null: remove now). */
  removalAnswer: { connectorId: number; chargingProfile: ChargingProfile } | null | 'unavailable' = null;

  async evaluateRemoval(request: GbRemovalRequest) {
    this.removals.push(request);
    if (this.removalAnswer === 'unavailable') throw new PlatformError('UNAVAILABLE', 'compliance-gb is not answering');
    return this.removalAnswer;
  }
}

/** device-twin stood in for: a twin at whatever version the test says (it may lag the stream). */
export class FakeTwinViews implements TwinViews {
  twinVersion = 0;

  async twin(tenantId: string, chargerId: string): Promise<Twin> {
    return {
      chargerId,
      tenantId,
      model: 'zappi',
      jurisdiction: null,
      tags: [],
      vendor: null,
      firmwareVersion: null,
      commercialMode: null,
      connected: false,
      lastSeenAt: null,
      slots: { used: 0, max: 84 },
      writeBudget: null,
      profiles: [],
      configuration: {},
      transactions: [],
      version: this.twinVersion,
      updatedAt: new Date(0).toISOString(),
    };
  }

  async twins(): Promise<TwinPage> {
    return { items: [], nextCursor: null };
  }
}

export const T0 = Date.UTC(2030, 0, 1, 12);

/** The charger service over in-memory streams with a fixed clock. */
export function chargerRig() {
  const streams = new InMemoryChargerStreams();
  let writeIds = 0;
  const service = new ChargerService(streams, { now: () => T0 }, { uuid: () => `w-${++writeIds}` }, { int: () => 0 });
  const credentials = new CredentialHasher({ current: 'use-case-test-pepper-0123456789abcdef' });
  return { streams, service, ownership: new ChargerOwnership(service), credentials };
}

/** A valid TxDefaultProfile starting at the rig's clock, with `periods` one-minute periods. */
export const aProfile = (chargingProfileId = 7, limit = 16, periods = 1): ChargingProfile => ({
  chargingProfileId,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: {
    startSchedule: new Date(T0).toISOString().replace(/\.\d{3}Z$/, 'Z'), // stored as UTC whole seconds
    chargingRateUnit: 'A',
    chargingSchedulePeriod: Array.from({ length: periods }, (_, i) => ({ startPeriod: i * 60, limit })),
  },
});

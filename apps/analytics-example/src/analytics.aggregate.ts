import type { KnownEvent } from '@chargeplane/bridge-consumer-kit';
import {
  afterAccepted,
  afterCleared,
  afterTransactionStopped,
  slotsUsed,
  type InstalledProfile,
} from './slot-ledger.js';

/** The running aggregate: everything the example reports, per charger. Pure data, updated by `applyEvent`. */
export interface Analytics {
  /** Writes dispatched, per charger, per UTC hour (ISO instant of the hour's start). */
  writesPerHour: Map<string, Map<string, number>>;
  /** ChangeConfiguration writes that count against the memory-write budget, per charger, per UTC hour. */
  configurationWritesPerHour: Map<string, Map<string, number>>;
  writesDispatched: number;
  /** Profiles the CPO asked for: desired ones plus those refused outright. */
  profilesRequested: number;
  /** Failures by reason: `rejected-by-charger:<status>`, `write-failed:<failure>`, `refused:<code>`. */
  failures: Map<string, number>;
  installed: Map<string, InstalledProfile[]>;
  zappi: Set<string>;
}

export const emptyAnalytics = (): Analytics => ({
  writesPerHour: new Map(),
  configurationWritesPerHour: new Map(),
  writesDispatched: 0,
  profilesRequested: 0,
  failures: new Map(),
  installed: new Map(),
  zappi: new Set(),
});

const hourOf = (instant: string): string => `${instant.slice(0, 13)}:00:00Z`;
const bump = <K>(map: Map<K, number>, key: K): void => void map.set(key, (map.get(key) ?? 0) + 1);

function countHourly(table: Map<string, Map<string, number>>, e: { chargerId: string; occurredAt: string }): void {
  const perHour = table.get(e.chargerId) ?? new Map<string, number>();
  bump(perHour, hourOf(e.occurredAt));
  table.set(e.chargerId, perHour);
}

const installedOf = (a: Analytics, chargerId: string) => a.installed.get(chargerId) ?? [];

/** Applies one (deduplicated) event. Mutates the aggregate in place: it is the consumer's private state. */
export function applyEvent(a: Analytics, e: KnownEvent): void {
  switch (e.type) {
    case 'ChargerRegistered':
      if (e.data.model === 'zappi') a.zappi.add(e.chargerId);
      return;
    case 'ChargingProfileDesired':
      a.profilesRequested++;
      return;
    case 'ChargingProfileRefused':
      a.profilesRequested++;
      bump(a.failures, `refused:${e.data.code}`);
      return;
    case 'ChargingProfileWriteDispatched':
      a.writesDispatched++;
      return countHourly(a.writesPerHour, e);
    case 'ChargerConfigurationWriteDispatched':
      if (e.data.countsAsWrite) countHourly(a.configurationWritesPerHour, e);
      return;
    case 'ChargingProfileRejectedByCharger':
      bump(a.failures, `rejected-by-charger:${e.data.status}`);
      return;
    case 'ChargingProfileWriteFailed':
      bump(a.failures, `write-failed:${e.data.failure}`);
      return;
    case 'ChargingProfileAccepted': {
      const incoming = { connectorId: e.data.connectorId, profile: e.data.chargingProfile };
      a.installed.set(e.chargerId, afterAccepted(installedOf(a, e.chargerId), incoming, a.zappi.has(e.chargerId)));
      return;
    }
    case 'ChargingProfileCleared':
      a.installed.set(e.chargerId, afterCleared(installedOf(a, e.chargerId), e.data.chargingProfileId));
      return;
    case 'TransactionStopped':
      a.installed.set(e.chargerId, afterTransactionStopped(installedOf(a, e.chargerId), e.data.transactionId));
      return;
    default:
      return;
  }
}

export interface AnalyticsSummary {
  /** Charging-profile writes (SetChargingProfile, ClearChargingProfile). */
  writesPerChargerPerHour: Record<string, Record<string, number>>;
  /** Configuration writes that count as memory writes: with the profile writes, the device's write count. */
  configurationWritesPerChargerPerHour: Record<string, Record<string, number>>;
  rejections: {
    writesDispatched: number;
    profilesRequested: number;
    byReason: { reason: string; count: number; of: 'writesDispatched' | 'profilesRequested'; rate: number }[];
  };
  slots: Record<string, { used: number; profiles: number }>;
}

const sorted = <V>(entries: Iterable<[string, V]>): [string, V][] =>
  [...entries].sort(([a], [b]) => a.localeCompare(b));

const hourly = (table: Map<string, Map<string, number>>) =>
  Object.fromEntries(sorted(table).map(([c, hours]) => [c, Object.fromEntries(sorted(hours))]));

/** The aggregate as plain JSON, keys sorted, rates rounded to 4 decimals (stable output for comparisons). */
export function summarise(a: Analytics): AnalyticsSummary {
  const byReason = sorted(a.failures).map(([reason, count]) => {
    const of = reason.startsWith('refused:') ? ('profilesRequested' as const) : ('writesDispatched' as const);
    const total = of === 'profilesRequested' ? a.profilesRequested : a.writesDispatched;
    return { reason, count, of, rate: total === 0 ? 0 : Math.round((count / total) * 10_000) / 10_000 };
  });
  return {
    writesPerChargerPerHour: hourly(a.writesPerHour),
    configurationWritesPerChargerPerHour: hourly(a.configurationWritesPerHour),
    rejections: { writesDispatched: a.writesDispatched, profilesRequested: a.profilesRequested, byReason },
    slots: Object.fromEntries(
      sorted(a.installed).map(([c, profiles]) => [c, { used: slotsUsed(profiles), profiles: profiles.length }]),
    ),
  };
}

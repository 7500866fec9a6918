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
  /** Writes counted in an hourly table and not yet answered (`chargerId/writeId`): a write never sent leaves it. */
  unanswered: Map<string, { table: Map<string, Map<string, number>>; hour: string }>;
}

export const emptyAnalytics = (): Analytics => ({
  writesPerHour: new Map(),
  configurationWritesPerHour: new Map(),
  writesDispatched: 0,
  profilesRequested: 0,
  failures: new Map(),
  installed: new Map(),
  zappi: new Set(),
  unanswered: new Map(),
});

const hourOf = (instant: string): string => `${instant.slice(0, 13)}:00:00Z`;
const bump = <K>(map: Map<K, number>, key: K): void => void map.set(key, (map.get(key) ?? 0) + 1);

function countHourly(
  a: Analytics,
  table: Map<string, Map<string, number>>,
  e: { chargerId: string; occurredAt: string; data: { writeId: string } },
): void {
  const perHour = table.get(e.chargerId) ?? new Map<string, number>();
  bump(perHour, hourOf(e.occurredAt));
  table.set(e.chargerId, perHour);
  a.unanswered.set(`${e.chargerId}/${e.data.writeId}`, { table, hour: hourOf(e.occurredAt) });
}

/**
 * The answer to a write: it is no longer waiting. The platform could not send it in time (code NOT_SENT, published
 * as an `offline` failure: nothing reached the charger): it was never a write on the device, so it leaves the hour.
 */
function answered(a: Analytics, e: { chargerId: string; data: { writeId: string; code?: string } }): void {
  const key = `${e.chargerId}/${e.data.writeId}`;
  const counted = a.unanswered.get(key);
  a.unanswered.delete(key);
  if (!counted || e.data.code !== 'NOT_SENT') return;
  const perHour = counted.table.get(e.chargerId);
  const n = perHour?.get(counted.hour) ?? 0;
  if (n > 1) perHour!.set(counted.hour, n - 1);
  else perHour?.delete(counted.hour);
  if (perHour?.size === 0) counted.table.delete(e.chargerId);
}

const failureReason = (d: { failure: string; code: string }) =>
  `write-failed:${d.code === 'NOT_SENT' ? 'not-sent' : d.failure}`;

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
      return countHourly(a, a.writesPerHour, e);
    case 'ChargerConfigurationWriteDispatched':
      if (e.data.countsAsWrite) countHourly(a, a.configurationWritesPerHour, e);
      return;
    case 'ChargingProfileRejectedByCharger':
      answered(a, e);
      bump(a.failures, `rejected-by-charger:${e.data.status}`);
      return;
    case 'ChargingProfileWriteFailed':
      answered(a, e);
      bump(a.failures, failureReason(e.data));
      return;
    case 'ChargerConfigurationChanged':
    case 'ChargerConfigurationWriteFailed':
      return answered(a, e);
    case 'ChargingProfileAccepted': {
      answered(a, e);
      const incoming = { connectorId: e.data.connectorId, profile: e.data.chargingProfile };
      a.installed.set(e.chargerId, afterAccepted(installedOf(a, e.chargerId), incoming, a.zappi.has(e.chargerId)));
      return;
    }
    case 'ChargingProfileCleared':
      answered(a, e);
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

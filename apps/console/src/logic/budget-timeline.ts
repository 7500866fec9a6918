import type { Twin } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { writeBudgetAt } from '@chargeplane/smart-charging-domain';

/** The writes that count against a device's budget: every write the platform dispatched (profiles, configuration). */
const writeTypes = new Set(['ChargingProfileWriteDispatched', 'ChargerConfigurationWriteDispatched']);

export interface BudgetWrite {
  atMs: number;
  /** When this write leaves the rolling window. */
  agesOutAtMs: number;
  label: string;
}

export interface BudgetTimeline {
  windowStartMs: number;
  nowMs: number;
  limit: number;
  windowSeconds: number;
  used: number;
  remaining: number;
  /** When the next write becomes possible (null: one is possible now). */
  nextFreeAtMs: number | null;
  writes: BudgetWrite[];
}

function labelOf(e: Pick<EventEnvelope, 'type' | 'data'>): string {
  const data = e.data as { action?: string; chargingProfileId?: number; request?: { key?: string } };
  if (e.type === 'ChargerConfigurationWriteDispatched') return `ChangeConfiguration ${data.request?.key ?? ''}`.trim();
  return `${data.action ?? 'write'} #${data.chargingProfileId ?? '?'}`;
}

/**
 * The write budget of a charger on a timeline: the dispatched writes of the last rolling window (from its event
 * history), when each ages out, and when the next write frees. Counting is the platform's own rule
 * (`writeBudgetAt`); the twin's `nextAvailableAt` wins where the platform knows more (a window the device closed,
 * the guard margin).
 */
export function budgetTimeline(
  budget: NonNullable<Twin['writeBudget']>,
  events: readonly Pick<EventEnvelope, 'type' | 'occurredAt' | 'data'>[],
  nowMs: number,
): BudgetTimeline {
  const windowMs = budget.windowSeconds * 1000;
  const writes = events
    .filter((e) => writeTypes.has(e.type))
    .map((e) => ({ atMs: Date.parse(e.occurredAt), label: labelOf(e) }))
    .filter((w) => w.atMs > nowMs - windowMs)
    .sort((a, b) => a.atMs - b.atMs)
    .map((w) => ({ ...w, agesOutAtMs: w.atMs + windowMs }));
  const counted = writeBudgetAt(
    writes.map((w) => w.atMs),
    nowMs,
    { limit: budget.limit, windowSeconds: budget.windowSeconds },
  );
  const twinNext = budget.nextAvailableAt === null ? null : Date.parse(budget.nextAvailableAt);
  const nextFreeAtMs = twinNext !== null && twinNext > nowMs ? twinNext : counted.nextAvailableAt;
  return {
    windowStartMs: nowMs - windowMs,
    nowMs,
    limit: budget.limit,
    windowSeconds: budget.windowSeconds,
    used: Math.max(counted.used, budget.used),
    remaining: Math.min(counted.remaining, budget.remaining),
    nextFreeAtMs,
    writes,
  };
}

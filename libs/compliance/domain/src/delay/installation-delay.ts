import { ProfileRefusedError } from '@chargeplane/contracts-api';
import type { ChargingProfile, ChargingSchedulePeriod } from '@chargeplane/contracts-ocpp';
import {
  installedAfterSet,
  slotsUsed,
  type DeviceCapabilities,
  type InstalledProfile,
} from '@chargeplane/smart-charging-domain';
import { limitInForce, sameLimit } from './limit-in-force.js';
import type { RelevantTime } from './relevant-times.js';
import { periodAt } from './schedule-limit.js';

const CYCLE_SECONDS = { Daily: 86_400, Weekly: 604_800 } as const;
const utcSecond = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Where a write lands: what the charger has confirmed on it (the limit in force before comes from these). */
export interface InstallationContext {
  installed: readonly InstalledProfile[];
  connectorId: number;
  caps: DeviceCapabilities;
}

/**
 * The change a write makes at the moment it is installed (reg 11: a relevant time of its own, rule G1):
 * the limit in force moves from `before` to the profile's own. `hold`: a leading period keeps `before`
 * (what would be in force without the profile differs); `late-start`: the profile starts later, and what is
 * in force meanwhile is `before` already (no extra period).
 */
export interface InstallationChange {
  relevant: RelevantTime;
  method: 'hold' | 'late-start';
  before: number | null;
  after: number | null;
  /** The whole second the write is counted from. */
  atMs: number;
  /** Seconds from the delivered anchor to the installation instant (Recurring: within the cycle). */
  offset: number;
  /** Index of the delivered period in force at the installation instant. */
  index: number;
}

function cycleOf(p: ChargingProfile): number | null {
  return p.chargingProfileKind === 'Recurring' && p.recurrencyKind ? CYCLE_SECONDS[p.recurrencyKind] : null;
}

/** Seconds from `anchorMs` to `atMs`, within the cycle of a recurring schedule. */
function offsetAt(p: ChargingProfile, atMs: number): number {
  const seconds = Math.floor((atMs - Date.parse(p.chargingSchedule.startSchedule!)) / 1000);
  const cycle = cycleOf(p);
  return cycle === null ? seconds : ((seconds % cycle) + cycle) % cycle;
}

/**
 * Finds the installation change of `delivered` (its schedule delays already in it) at `nowMs`, or null when
 * the write leaves the limit in force as it is, or the profile is not active at the installation instant.
 */
export function installationChange(
  nominal: ChargingProfile,
  delivered: ChargingProfile,
  nowMs: number,
  ctx: InstallationContext,
): InstallationChange | null {
  const atMs = Math.floor(nowMs / 1000) * 1000;
  const unit = delivered.chargingSchedule.chargingRateUnit;
  const incoming = { connectorId: ctx.connectorId, profile: delivered };
  const afterSet = installedAfterSet(ctx.installed, incoming, ctx.caps);
  const before = limitInForce(ctx.installed, ctx.connectorId, atMs, unit);
  const after = limitInForce(afterSet, ctx.connectorId, atMs, unit);
  if (sameLimit(before, after) || periodAt(delivered, atMs) === null) return null;
  const without = limitInForce(
    afterSet.filter((p) => p !== incoming),
    ctx.connectorId,
    atMs,
    unit,
  );
  const offset = offsetAt(delivered, atMs);
  const starts = delivered.chargingSchedule.chargingSchedulePeriod.map((p) => p.startPeriod);
  const index = starts.filter((s) => s <= offset).length - 1;
  const cycle = cycleOf(delivered);
  const cover = Math.min(delivered.chargingSchedule.duration ?? Infinity, cycle ?? Infinity);
  // The hold never reaches the next boundary, the end, or (recurring) the end of the cycle: nothing wraps.
  const next = Math.min(starts[index + 1] ?? Infinity, cover);
  return {
    relevant: {
      point: { at: 'installation' },
      change: after === null || (before !== null && after > before) ? 'increase' : 'decrease',
      nominalOffset: Math.max(0, offsetAt(nominal, atMs)),
      gapSeconds: Number.isFinite(next) ? next - offset : Number.POSITIVE_INFINITY,
      nominalAtMs: atMs,
    },
    method: sameLimit(without, before) ? 'late-start' : 'hold',
    before,
    after,
    atMs,
    offset,
    index,
  };
}

const holding = (limit: number, startPeriod: number, like: ChargingSchedulePeriod): ChargingSchedulePeriod => ({
  startPeriod,
  limit,
  ...(like.numberPhases === undefined ? {} : { numberPhases: like.numberPhases }),
});

/**
 * Makes the installation change take effect `delaySeconds` after the write. Absolute: re-anchored at the
 * installation instant (periods already past are dropped), with a leading period holding the previous
 * limit, or starting `delaySeconds` later. Recurring: the hold is a period inside the cycle (re-issued
 * without it before it comes round again: the refresh), or `validFrom` is moved later.
 */
export function delayInstallation(
  delivered: ChargingProfile,
  change: InstallationChange,
  delaySeconds: number,
): { profile: ChargingProfile; startPeriod: number } {
  const { offset, index, atMs } = change;
  const schedule = delivered.chargingSchedule;
  const periods = schedule.chargingSchedulePeriod;
  const current = periods[index]!;
  if (delaySeconds === 0) return { profile: delivered, startPeriod: offset };
  if (cycleOf(delivered) !== null) {
    if (change.method === 'late-start')
      return { profile: { ...delivered, validFrom: utcSecond(atMs + delaySeconds * 1000) }, startPeriod: offset };
    const held = [
      ...periods.filter((p) => p.startPeriod < offset),
      holding(change.before!, offset, current),
      { ...current, startPeriod: offset + delaySeconds },
      ...periods.slice(index + 1),
    ];
    return {
      profile: { ...delivered, chargingSchedule: { ...schedule, chargingSchedulePeriod: held } },
      startPeriod: offset + delaySeconds,
    };
  }
  const lead = change.method === 'hold' ? 0 : delaySeconds;
  const shift = offset + lead;
  const rest = periods.slice(index + 1).map((p) => ({ ...p, startPeriod: p.startPeriod - shift }));
  const chargingSchedulePeriod =
    change.method === 'hold'
      ? [holding(change.before!, 0, current), { ...current, startPeriod: delaySeconds }, ...rest]
      : [{ ...current, startPeriod: 0 }, ...rest];
  return {
    profile: {
      ...delivered,
      chargingSchedule: {
        ...schedule,
        startSchedule: utcSecond(atMs + lead * 1000),
        ...(schedule.duration === undefined ? {} : { duration: schedule.duration - shift }),
        chargingSchedulePeriod,
      },
    },
    startPeriod: change.method === 'hold' ? delaySeconds : 0,
  };
}

/**
 * An Absolute profile that starts later but replaces the one in force now (zappi's single TxDefault, Z8)
 * would leave the charger on whatever remains, unlimited at worst, until it starts: a change at
 * installation, and a gap in the default hours. Instead it holds the limit in force from the installation
 * instant until its own (delayed) start, so nothing changes when it is installed (rule G2). Null when the
 * write changes nothing now, or the profile is not such a one.
 */
export function holdUntilStart(
  delivered: ChargingProfile,
  nowMs: number,
  ctx: InstallationContext,
): ChargingProfile | null {
  const schedule = delivered.chargingSchedule;
  if (delivered.chargingProfileKind !== 'Absolute' || schedule.startSchedule === undefined) return null;
  const atMs = Math.floor(nowMs / 1000) * 1000;
  const anchorMs = Date.parse(schedule.startSchedule);
  if (anchorMs <= atMs || delivered.validFrom !== undefined) return null;
  const unit = schedule.chargingRateUnit;
  const before = limitInForce(ctx.installed, ctx.connectorId, atMs, unit);
  const afterSet = installedAfterSet(ctx.installed, { connectorId: ctx.connectorId, profile: delivered }, ctx.caps);
  if (before === null || sameLimit(before, limitInForce(afterSet, ctx.connectorId, atMs, unit))) return null;
  const lead = Math.round((anchorMs - atMs) / 1000);
  const periods = schedule.chargingSchedulePeriod;
  return {
    ...delivered,
    chargingSchedule: {
      ...schedule,
      startSchedule: utcSecond(atMs),
      ...(schedule.duration === undefined ? {} : { duration: schedule.duration + lead }),
      chargingSchedulePeriod: [
        holding(before, 0, periods[0]!),
        ...periods.map((p) => ({ ...p, startPeriod: p.startPeriod + lead })),
      ],
    },
  };
}

/**
 * Slots (Z7): a hold costs one period (Absolute: minus the periods already past), two inside a recurring
 * cycle. When the delivered profile no longer fits beside what the charger holds, the write is refused
 * before anything is recorded: sending it without the hold would change the limit at once.
 */
export function assertHoldFits(nominalFit: ChargingProfile, held: ChargingProfile, ctx: InstallationContext): void {
  const pool = ctx.caps.slotPool;
  const perSchedule = ctx.caps.maxPeriodsPerSchedule;
  const used = (p: ChargingProfile) =>
    slotsUsed(installedAfterSet(ctx.installed, { connectorId: ctx.connectorId, profile: p }, ctx.caps));
  const periods = held.chargingSchedule.chargingSchedulePeriod.length;
  const overPool = pool !== null && used(held) > pool;
  const overSchedule = perSchedule !== null && periods > perSchedule;
  if (!overPool && !overSchedule) return;
  const extra = periods - nominalFit.chargingSchedule.chargingSchedulePeriod.length;
  const room = pool === null ? perSchedule! : pool;
  throw new ProfileRefusedError(
    'SLOTS_EXCEEDED',
    `In GB platform mode this profile needs ${Math.max(extra, 1)} more period(s) to hold the current limit during its randomised delay (reg 11), ` +
      `and then the charger would hold ${overPool ? used(held) : periods} of ${room} slots: send fewer periods or remove another profile first.`,
    { slotsNeeded: overPool ? used(held) : periods, slotPool: room },
  );
}

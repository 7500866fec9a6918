import { seededRandom, type RandomSource } from '../../apps/charger-sim/src/clock/random-source.js';

/**
 * The fault drill's schedule (README "Fault drill"): which fault, when, against what, drawn from the seed alone,
 * so a failing drill is replayed by its seed. Pure.
 */

export const FAULT_KINDS = [
  'kill-replica',
  'nats-node-restart',
  'nats-cluster-restart',
  'postgres-restart',
  'kafka-restart',
  'connection-storm',
  'slow-charger',
  'api-abuse',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  /** Real ms after the fault phase began. */
  atMs: number;
  kind: FaultKind;
  /** `app#n` for kill-replica, the node (1..3) for nats-node-restart; null otherwise. */
  target: string | null;
}

export interface ScheduleInput {
  seed: string;
  /** Length of the fault phase, real ms. */
  durationMs: number;
  /** Replica names that may be killed (`device-twin#2`, …). */
  replicas: readonly string[];
  /** Quiet time at the start (the fleet connects) and least time between two faults. */
  warmupMs: number;
  minGapMs: number;
}

/** The shortest fault phase that fits every kind once after the warm-up. */
export function minimumDurationMs(input: Pick<ScheduleInput, 'warmupMs' | 'minGapMs'>): number {
  return input.warmupMs + FAULT_KINDS.length * input.minGapMs;
}

function shuffle<T>(items: readonly T[], random: RandomSource): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function targetOf(kind: FaultKind, replicas: readonly string[], random: RandomSource): string | null {
  if (kind === 'kill-replica') return replicas[Math.floor(random() * replicas.length)]!;
  if (kind === 'nats-node-restart') return String(1 + Math.floor(random() * 3));
  return null;
}

/**
 * Every kind at least once (in a seeded order), then more seeded faults while time is left; consecutive faults at
 * least `minGapMs` apart, jittered up to half a gap. Throws when the phase is too short for every kind.
 */
export function faultSchedule(input: ScheduleInput): Fault[] {
  const { durationMs, warmupMs, minGapMs, replicas } = input;
  if (replicas.length === 0) throw new Error('no replica to kill: the drill needs at least one service replica');
  const needed = minimumDurationMs(input);
  if (durationMs < needed) {
    throw new Error(
      `a fault phase of ${durationMs / 1000} s cannot fit every fault kind (${FAULT_KINDS.length} × ${minGapMs / 1000} s after a ${warmupMs / 1000} s warm-up): give at least ${Math.ceil(needed / 60_000)} minutes`,
    );
  }
  const random = seededRandom(`drill-schedule\u0000${input.seed}`);
  const slots = Math.floor((durationMs - warmupMs) / minGapMs);
  const kinds = [
    ...shuffle(FAULT_KINDS, random),
    ...Array.from(
      { length: slots - FAULT_KINDS.length },
      () => FAULT_KINDS[Math.floor(random() * FAULT_KINDS.length)]!,
    ),
  ];
  return kinds.map((kind, i) => ({
    atMs: Math.round(warmupMs + i * minGapMs + random() * (minGapMs / 2)),
    kind,
    target: targetOf(kind, replicas, random),
  }));
}

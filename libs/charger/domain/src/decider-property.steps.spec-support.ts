import type { ChargingProfile } from '@chargeplane/contracts-ocpp';
import fc from 'fast-check';
import { aTxDefaultProfile, aTxProfile, MINUTE, periods, TRANSACTION } from './test-builders.js';

// A small pool of valid zappi profiles. TxDefaultProfiles 20 and 21 replace each other (Z8); TxProfiles 5 and 6
// replace each other (same connector, purpose, stack level). Sizes are chosen so that some combinations exceed
// the 84-slot pool and ids put TxProfiles before TxDefaultProfiles (the planner must still never overflow it).
const txDefault = (id: number, n: number, limit?: number) =>
  aTxDefaultProfile({ chargingProfileId: id, chargingSchedule: { chargingSchedulePeriod: periods(n, limit) } });
const txProfile = (id: number, n: number, limit?: number) =>
  aTxProfile({
    chargingProfileId: id,
    transactionId: TRANSACTION,
    chargingSchedule: { chargingSchedulePeriod: periods(n, limit) },
  });
export const pool: ChargingProfile[] = [
  txDefault(20, 40),
  txDefault(20, 40, 10),
  txDefault(20, 3),
  txDefault(21, 44),
  txProfile(5, 40),
  txProfile(5, 44),
  txProfile(5, 2, 6),
  txProfile(6, 30),
];
const ids = [5, 6, 20, 21];

export type Step =
  | { kind: 'set'; index: number }
  | { kind: 'remove'; id: number }
  | { kind: 'connect' }
  | { kind: 'disconnect' }
  | { kind: 'boot' }
  | { kind: 'configure'; commercialMode: boolean }
  | { kind: 'answer'; result: 'Accepted' | 'Rejected' | 'timeout' | 'offline' }
  | { kind: 'late'; result: 'Accepted' | 'Rejected' }
  | { kind: 'advance'; ms: number }
  | { kind: 'reconcile' };

const result = fc.constantFrom('Accepted' as const, 'Rejected' as const, 'timeout' as const, 'timeout' as const);
/** Any command, device answer or clock advance a zappi can meet, weighted towards the interesting ones. */
export const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant('set' as const), index: fc.integer({ min: 0, max: pool.length - 1 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.constantFrom(...ids) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'connect' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'disconnect' as const }) },
  // A reboot makes the configuration stale until the platform's next read, which may find commercial mode off (Z17).
  { weight: 1, arbitrary: fc.constant({ kind: 'boot' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('configure' as const),
      commercialMode: fc.constantFrom(true, true, true, false),
    }),
  },
  // Timeouts are re-sent at once, so answers (and timeouts especially) are what spends the write budget.
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('answer' as const), result }) },
  // Nobody held the connection: the charger counts as offline until it connects again (rare, as it stops all writing).
  { weight: 1, arbitrary: fc.constant({ kind: 'answer' as const, result: 'offline' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('late' as const),
      result: fc.constantFrom('Accepted' as const, 'Rejected' as const),
    }),
  },
  // Mostly short steps, so that bursts of writes meet the budget; sometimes long ones, so that the window slides.
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: MINUTE }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 15 * MINUTE }) },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'reconcile' as const }) },
);
/** Bursts of changes and unanswered writes on a charger that stays ready: the write budget is reached in most runs. */
/** Bursts of profile changes and unanswered writes to a ready zappi (the write budget under pressure). */
export const burst: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('set' as const), index: fc.integer({ min: 0, max: pool.length - 1 }) }),
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('answer' as const), result }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 2 * MINUTE }) }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'reconcile' as const }) },
);

import type { ChargerService } from '@chargeplane/charger-application';
import { initialState, type ChargerState } from '@chargeplane/charger-domain';
import type { Logger } from 'pino';
import type { ChargerDirectory } from '../persistence/charger-directory.js';
import { WakeupScheduler } from './wakeup-scheduler.js';

const NOW = Date.parse('2026-11-25T10:01:00Z');
const MINUTE = 60_000;

/**
 * A scheduler whose due charger's wake-up decides nothing, on `state` at version 7; records what it did with the wake.
 */
function schedulerWith(state: ChargerState) {
  const calls: string[] = [];
  const directory = {
    dueWakeups: async () => [{ chargerId: 'Z-1', wakeAt: new Date(NOW) }],
    clearWakeup: async (id: string, dueBy: Date, version: number) => {
      calls.push(`clear ${id} due by ${dueBy.toISOString()} at v${version}`);
    },
    postponeWakeup: async (id: string, dueBy: Date, next: Date, version: number) => {
      calls.push(`postpone ${id} due by ${dueBy.toISOString()} to ${next.toISOString()} at v${version}`);
    },
  } as unknown as ChargerDirectory;
  const service = { execute: async () => ({ events: [], state, version: 7 }) } as unknown as ChargerService;
  const log = { warn: () => undefined, error: () => undefined } as unknown as Logger;
  const scheduler = new WakeupScheduler(directory, service, { now: () => NOW }, log, { overdue: () => undefined });
  return { scheduler, calls };
}

describe('WakeupScheduler', () => {
  describe('when a wake-up finds nothing to do', () => {
    it('wakes the charger again at its next wake time after now (L16)', async () => {
      // Given: a timer that came due with nothing to do, and a later one (a deferral ending in ten minutes)
      const { scheduler, calls } = schedulerWith({
        ...initialState(),
        chargerId: 'Z-1',
        deferredUntil: NOW + 10 * MINUTE,
      });
      // When
      expect(await scheduler.tick(new Date(NOW))).toBe(1);
      // Then
      expect(calls).toEqual(['postpone Z-1 due by 2026-11-25T10:01:00.000Z to 2026-11-25T10:11:00.000Z at v7']);
    });

    it('stops waking it when its state has no wake time after now', async () => {
      const { scheduler, calls } = schedulerWith({ ...initialState(), chargerId: 'Z-1', deferredUntil: NOW });
      expect(await scheduler.tick(new Date(NOW))).toBe(1);
      expect(calls).toEqual(['clear Z-1 due by 2026-11-25T10:01:00.000Z at v7']);
    });
  });

  describe('when the configuration read of its connection is overdue (Z17a)', () => {
    it('asks for the read and wakes it again at the next time after now, never at a time already past', async () => {
      // Given: the read overdue, and a deferral that ended before now (a timer that came due with nothing to do)
      const { scheduler, calls } = schedulerWith({
        ...initialState(),
        chargerId: 'Z-1',
        connected: true,
        connectionId: 'c-1',
        configurationReadDueBy: NOW - MINUTE,
        deferredUntil: NOW - 30_000,
      });
      // When
      await scheduler.tick(new Date(NOW));
      // Then: two minutes on (the read's own next check), not the deferral already past
      expect(calls).toEqual(['postpone Z-1 due by 2026-11-25T10:01:00.000Z to 2026-11-25T10:03:00.000Z at v7']);
    });
  });
});

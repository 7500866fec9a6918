import { budgetTimeline } from './budget-timeline.js';

const now = Date.parse('2026-03-02T12:00:00Z');
const MIN = 60_000;
const at = (minutesAgo: number) => new Date(now - minutesAgo * MIN).toISOString();
const dispatched = (minutesAgo: number, id = 1) => ({
  type: 'ChargingProfileWriteDispatched',
  occurredAt: at(minutesAgo),
  data: { action: 'SetChargingProfile', chargingProfileId: id },
});
const budget = (over: Partial<{ used: number; remaining: number; nextAvailableAt: string | null }> = {}) => ({
  limit: 3,
  windowSeconds: 3600,
  used: 0,
  remaining: 3,
  nextAvailableAt: null,
  ...over,
});

describe('budgetTimeline: the writes of the rolling window and when the next one frees', () => {
  it('places each write of the last hour with the instant it ages out, oldest first', () => {
    const t = budgetTimeline(
      budget(),
      [
        dispatched(10),
        dispatched(70),
        { type: 'ChargingProfileAccepted', occurredAt: at(9), data: {} },
        dispatched(30, 2),
      ],
      now,
    );
    expect(t.writes).toEqual([
      { atMs: now - 30 * MIN, agesOutAtMs: now + 30 * MIN, label: 'SetChargingProfile #2' },
      { atMs: now - 10 * MIN, agesOutAtMs: now + 50 * MIN, label: 'SetChargingProfile #1' },
    ]);
    expect(t.windowStartMs).toBe(now - 60 * MIN);
    expect(t).toMatchObject({ used: 2, remaining: 1, nextFreeAtMs: null });
  });

  it('counts configuration writes too, and frees the next write when the oldest of a full window ages out', () => {
    const config = {
      type: 'ChargerConfigurationWriteDispatched',
      occurredAt: at(50),
      data: { request: { key: 'RandomSmartChargeDelay' } },
    };
    const t = budgetTimeline(budget(), [config, dispatched(20), dispatched(5)], now);
    expect(t.writes[0]!.label).toBe('ChangeConfiguration RandomSmartChargeDelay');
    expect(t).toMatchObject({ used: 3, remaining: 0, nextFreeAtMs: now + 10 * MIN });
  });

  it("prefers the twin's next-available instant when the platform knows the window is closed for longer", () => {
    const later = new Date(now + 45 * MIN).toISOString();
    const t = budgetTimeline(budget({ used: 3, remaining: 0, nextAvailableAt: later }), [dispatched(5)], now);
    expect(t).toMatchObject({ used: 3, remaining: 0, nextFreeAtMs: now + 45 * MIN });
  });
});

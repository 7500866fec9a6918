import { belongsToRun, isStaleRunName, newRunId, runStartedAt } from './run-id.js';

const HOUR = 3_600_000;
const now = Date.now();

describe('run ids', () => {
  it('carry the run start time, read back from schema, topic and stream names', () => {
    const id = newRunId(now, () => 'a1b2c3');
    expect(id).toMatch(/^t[0-9a-z]{8}a1b2c3$/);
    expect(runStartedAt(id)).toBe(now);
    expect(runStartedAt(`${id}.chargeplane.telemetry.v1`)).toBe(now);
    expect(runStartedAt(`${id.toUpperCase()}_OCPP_IN`)).toBe(now);
    expect(runStartedAt(`${id.toUpperCase()}DOWN_OCPP_IN`)).toBe(now);
  });

  it('are unique per call by their random part', () => {
    expect(newRunId(now)).not.toBe(newRunId(now));
  });

  it('tell which names belong to a run, in either case', () => {
    const id = newRunId(now, () => 'a1b2c3');
    expect(belongsToRun(`${id.toUpperCase()}_CHARGER_EVENTS`, id)).toBe(true);
    expect(belongsToRun(`${id}-kit`, id)).toBe(true);
    expect(belongsToRun(`${newRunId(now, () => 'a1b2c4')}.x`, id)).toBe(false);
  });
});

describe('stale run names', () => {
  const maxAge = 6 * HOUR;

  it('are the names of runs that started longer ago than the limit', () => {
    expect(isStaleRunName(`${newRunId(now - 7 * HOUR).toUpperCase()}_OCPP_IN`, now, maxAge)).toBe(true);
    expect(isStaleRunName(`${newRunId(now - 7 * HOUR)}.chargeplane.compliance.v1`, now, maxAge)).toBe(true);
  });

  it('never include a run that is still going, nor one from a clock ahead of ours', () => {
    expect(isStaleRunName(newRunId(now - 5 * HOUR), now, maxAge)).toBe(false);
    expect(isStaleRunName(newRunId(now), now, maxAge)).toBe(false);
    expect(isStaleRunName(newRunId(now + HOUR), now, maxAge)).toBe(false);
  });

  it('never include the platform own streams, schemas or topics', () => {
    for (const name of [
      'OCPP_IN',
      'CHARGER_EVENTS',
      'COMPLIANCE_EVENTS',
      'TWIN_EVENTS',
      'DEAD_LETTERS',
      'public',
      'chargeplane.telemetry.v1',
      '__consumer_offsets',
      'test_schema_000000',
      'tenant123456789abcdef',
    ]) {
      expect(isStaleRunName(name, now, maxAge)).toBe(false);
    }
  });
});

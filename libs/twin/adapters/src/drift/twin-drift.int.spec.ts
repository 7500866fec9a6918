import { randomUUID } from 'node:crypto';
import { ChargerCallRequest, streams, subjects, TwinDriftCheckRequest } from '@chargeplane/contracts-api';
import { TwinEvent } from '@chargeplane/contracts-events';
import { createLogger } from '@chargeplane/platform-observability';
import { TwinProjection } from '../twin.projection.js';
import {
  appendTo,
  disconnect,
  onboarding,
  provideTwinInfra,
  recorder,
  writeCycle,
  type TwinInfra,
} from '../twin-test.spec-support.js';
import { ChargerReads } from './charger-reads.js';
import { DriftSchedule } from './drift-schedule.js';
import { TwinDriftChecker } from './twin-drift.checker.js';

const NOW = Date.parse('2026-11-25T12:00:00Z');
type DeviceAnswers = { configuration: Record<string, string>; periods: { startPeriod: number; limit: number }[] };

describe('Drift check (real PostgreSQL and NATS; the edge is stood in for on cp.{id}.call)', () => {
  let t: TwinInfra;
  let checker: TwinDriftChecker;
  const device = new Map<string, DeviceAnswers>();
  const calls: string[] = [];

  beforeAll(async () => {
    t = await provideTwinInfra();
    const projection = new TwinProjection(t.bus, t.twins, t.store, createLogger('twin-test', 'silent'), recorder());
    for (const id of ['D-1', 'D-2', 'D-3']) {
      for (const e of await appendTo(t.store, id, [
        ...onboarding(id, 'tenant-a'),
        ...writeCycle(id, 'tenant-a', 1, 'Accepted', 2),
      ]))
        await projection.apply(e);
    }
    for (const e of await appendTo(t.store, 'D-3', [disconnect('D-3', 'tenant-a', 3)])) await projection.apply(e);
    // The stand-in edge: D-1 and D-2 are connected and answer from `device`; D-3 has no edge (offline).
    for (const id of ['D-1', 'D-2']) {
      t.bus.serve(subjects.chargerCall(id), ChargerCallRequest, async (call) => {
        calls.push(`${id}:${call.action}`);
        const answers = device.get(id)!;
        if (call.action === 'GetConfiguration') {
          const keys = (call.payload['key'] as string[]) ?? [];
          return {
            kind: 'result',
            messageId: randomUUID(),
            payload: {
              configurationKey: keys
                .filter((k) => k in answers.configuration)
                .map((key) => ({ key, readonly: false, value: answers.configuration[key] })),
              unknownKey: keys.filter((k) => !(k in answers.configuration)),
            },
          };
        }
        const schedule = {
          duration: call.payload['duration'],
          chargingRateUnit: 'A',
          chargingSchedulePeriod: answers.periods,
        };
        return {
          kind: 'result',
          messageId: randomUUID(),
          payload: {
            status: 'Accepted',
            connectorId: 1,
            scheduleStart: new Date(NOW).toISOString(),
            chargingSchedule: schedule,
          },
        };
      });
    }
    await t.bus.nc.flush();
    checker = new TwinDriftChecker(
      t.bus,
      t.twins,
      new ChargerReads(t.bus),
      () => NOW,
      () => randomUUID(),
    );
    t.bus.serve(subjects.twinDriftCheck, TwinDriftCheckRequest, (q) => checker.check(q));
  });
  afterAll(async () => {
    await t?.stop();
  });

  const lastRecord = async (chargerId: string) => {
    const msg = await t.bus.jsm.streams.getMessage(t.bus.stream(streams.twinEvents.name), {
      last_by_subj: t.bus.subject(subjects.twinEvents(chargerId)),
    });
    return TwinEvent.parse(msg!.json());
  };

  it('finds the charger in agreement with its twin and records that on TWIN_EVENTS', async () => {
    device.set('D-1', {
      configuration: { CommercialMode: 'True', RandomSmartChargeDelay: '0' },
      periods: [{ startPeriod: 0, limit: 16 }],
    });
    const record = await t.bus.request(
      subjects.twinDriftCheck,
      { tenantId: 'tenant-a', chargerId: 'D-1', correlationId: 'corr-7' },
      TwinEvent,
      10_000,
    );
    expect(record).toMatchObject({
      type: 'TwinDriftChecked',
      correlationId: 'corr-7',
      data: { outcome: 'in-agreement', configuration: { status: 'match', compared: 2 }, schedule: { status: 'match' } },
    });
    expect(await lastRecord('D-1')).toEqual(record);
    expect(calls).toEqual(expect.arrayContaining(['D-1:GetConfiguration', 'D-1:GetCompositeSchedule']));
  });

  it('reports the configuration values and schedule periods that differ as TwinDriftDetected', async () => {
    device.set('D-2', {
      configuration: { CommercialMode: 'False', RandomSmartChargeDelay: '0' },
      periods: [
        { startPeriod: 0, limit: 16 },
        { startPeriod: 3600, limit: 10 },
      ],
    });
    const record = await checker.check({ tenantId: 'tenant-a', chargerId: 'D-2' });
    expect(record.type).toBe('TwinDriftDetected');
    expect(record.data.configuration.differences).toEqual([{ key: 'CommercialMode', twin: 'True', device: 'False' }]);
    expect(record.data.schedule.differences).toEqual([
      { fromSecond: 3600, toSecond: 86_400, expected: 16, reported: 10 },
    ]);
    expect(await lastRecord('D-2')).toEqual(record);
  });

  it('treats zappi’s Accepted with empty periods as no information', async () => {
    device.set('D-1', { configuration: { CommercialMode: 'True', RandomSmartChargeDelay: '0' }, periods: [] });
    expect((await checker.check({ tenantId: 'tenant-a', chargerId: 'D-1' })).data).toMatchObject({
      outcome: 'in-agreement',
      schedule: { status: 'no-information' },
    });
  });

  it('is inconclusive for an offline charger, and not found for another tenant', async () => {
    expect((await checker.check({ tenantId: 'tenant-a', chargerId: 'D-3' })).data).toMatchObject({
      outcome: 'inconclusive',
      configuration: { reason: 'the charger is offline' },
    });
    await expect(
      t.bus.request(subjects.twinDriftCheck, { tenantId: 'tenant-b', chargerId: 'D-1' }, TwinEvent),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('checks every connected charger on the schedule', async () => {
    const before = calls.length;
    const schedule = new DriftSchedule(t.twins, checker, 3600, createLogger('twin-test', 'silent'));
    expect(await schedule.sweep()).toEqual({ checked: 2, drifting: 1 });
    expect(
      calls
        .slice(before)
        .map((c) => c.split(':')[0])
        .sort(),
    ).toEqual(['D-1', 'D-1', 'D-2', 'D-2']);
    await schedule.stop();
  });
});

import { ChargerCallReply, subjects } from '@chargeplane/contracts-api';
import { RequestError, type NatsBus } from '@chargeplane/platform-messaging';
import type { CompositeAnswer, ConfigurationAnswer, DriftReads } from '@chargeplane/twin-domain';
import { z } from 'zod';

/** Extra time NATS waits beyond the edge's own call timeout, so the edge's `timeout` answer arrives first. */
const TRANSPORT_GRACE_MS = 3_000;

// Read leniently (docs/domain/ocpp16.md §3.11, Z18): unknown fields are allowed, missing parts stay missing.
const Period = z.looseObject({
  startPeriod: z.number().int().nonnegative(),
  limit: z.number().nonnegative(),
  numberPhases: z.number().int().optional(),
});
const CompositeConf = z.looseObject({
  status: z.enum(['Accepted', 'Rejected']),
  scheduleStart: z.iso.datetime({ offset: true }).optional(),
  chargingSchedule: z
    .looseObject({
      duration: z.number().int().positive().optional(),
      chargingRateUnit: z.enum(['A', 'W']).optional(),
      chargingSchedulePeriod: z.array(Period).optional(),
    })
    .optional(),
});
const ConfigurationConf = z.looseObject({
  configurationKey: z.array(z.looseObject({ key: z.string(), value: z.string().optional() })).optional(),
  unknownKey: z.array(z.string()).optional(),
});

type Unavailable = { kind: 'unavailable'; reason: string };

/** The free reads of a drift check, sent to the charger through `cp.{chargerId}.call` (whichever edge holds it). */
export class ChargerReads {
  constructor(private readonly bus: NatsBus) {}

  async configuration(chargerId: string, keys: readonly string[], timeoutMs: number): Promise<ConfigurationAnswer> {
    const reply = await this.call(chargerId, 'GetConfiguration', { key: [...keys] }, timeoutMs);
    if ('reason' in reply) return reply;
    const conf = ConfigurationConf.safeParse(reply.payload);
    if (!conf.success)
      return { kind: 'unavailable', reason: 'the charger answered GetConfiguration with a malformed payload' };
    return { kind: 'answered', values: conf.data.configurationKey ?? [], unknownKeys: conf.data.unknownKey ?? [] };
  }

  async composite(chargerId: string, request: DriftReads['composite'], timeoutMs: number): Promise<CompositeAnswer> {
    const reply = await this.call(chargerId, 'GetCompositeSchedule', request, timeoutMs);
    if ('reason' in reply) return reply;
    const conf = CompositeConf.safeParse(reply.payload);
    if (!conf.success)
      return { kind: 'unavailable', reason: 'the charger answered GetCompositeSchedule with a malformed payload' };
    const schedule = conf.data.chargingSchedule;
    return {
      kind: 'answered',
      status: conf.data.status,
      scheduleStart: conf.data.scheduleStart ? new Date(conf.data.scheduleStart).toISOString() : null,
      unit: schedule?.chargingRateUnit ?? null,
      durationSeconds: schedule?.duration ?? null,
      periods: (schedule?.chargingSchedulePeriod ?? []).map((p) => ({
        startPeriod: p.startPeriod,
        limit: p.limit,
        numberPhases: p.numberPhases,
      })),
    };
  }

  private async call(
    chargerId: string,
    action: string,
    payload: Record<string, unknown>,
    timeoutMs: number,
  ): Promise<{ payload: Record<string, unknown> } | Unavailable> {
    let reply: ChargerCallReply;
    try {
      reply = await this.bus.request(
        subjects.chargerCall(chargerId),
        { action, payload, timeoutMs },
        ChargerCallReply,
        timeoutMs + TRANSPORT_GRACE_MS,
      );
    } catch (error) {
      if (error instanceof RequestError && error.code === 'UNAVAILABLE')
        return { kind: 'unavailable', reason: 'the charger is offline' };
      if (error instanceof RequestError && error.code === 'TIMEOUT')
        return { kind: 'unavailable', reason: `no answer to ${action} within ${timeoutMs} ms` };
      throw error;
    }
    switch (reply.kind) {
      case 'result':
        return { payload: reply.payload };
      case 'call-error':
        return { kind: 'unavailable', reason: `${action} got CALLERROR ${reply.code}: ${reply.description}` };
      case 'offline':
        return { kind: 'unavailable', reason: 'the charger is offline' };
      case 'timeout':
        return { kind: 'unavailable', reason: `no answer to ${action} within ${timeoutMs} ms` };
      case 'refused':
        return { kind: 'unavailable', reason: `the edge refused ${action}: ${reply.reason}` };
    }
  }
}

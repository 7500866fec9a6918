import type { DeadlineCallReply } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { initialState, type ChargerCommand, type ChargerState } from '@chargeplane/charger-domain';
import type { AfterAppend, ChargerService, Executed } from './charger-service.js';
import type { ChargerGateway } from './ports.js';
import { outcomeOf, WriteExecutor } from './write-executor.js';

const DISPATCHED_AT = Date.parse('2026-03-01T08:00:00.000Z');
const context = { tenantId: 't1', correlationId: 'c1', causationId: null };

/** Stands in for the charger service: keeps the after-append listener and the commands it is given. */
function aService() {
  let listener: AfterAppend | undefined;
  const commands: ChargerCommand[] = [];
  const service = {
    onAppended: (l: AfterAppend) => void (listener = l),
    execute: (_id: string, build: (s: ChargerState, base: { now: number; writeId: string }) => ChargerCommand) => {
      commands.push(build(initialState(), { now: DISPATCHED_AT + 5_000, writeId: 'next' }));
      return Promise.resolve({} as Executed);
    },
  };
  return {
    service: service as unknown as ChargerService,
    commands,
    appended: (e: Executed) => listener!('Z-1', e, context),
  };
}

/** Stands in for the edge: records each call and answers it with `reply`. */
function aGateway(reply: DeadlineCallReply) {
  const calls: { action: string; timeoutMs: number; options: { sendBy?: number } | undefined }[] = [];
  const gateway: ChargerGateway = {
    call: (_id, action, _payload, timeoutMs, options) => {
      calls.push({ action, timeoutMs, options });
      return Promise.resolve(reply);
    },
  };
  return { gateway, calls };
}

const envelope = (type: string, data: Record<string, unknown>): EventEnvelope => ({
  id: 'e1',
  type,
  schemaVersion: 1,
  streamId: 'charger-Z-1',
  streamVersion: 5,
  tenantId: 't1',
  chargerId: 'Z-1',
  occurredAt: new Date(DISPATCHED_AT).toISOString(),
  recordedAt: new Date(DISPATCHED_AT + 10).toISOString(),
  correlationId: 'c1',
  causationId: null,
  data,
});
const profileWrite = envelope('ChargingProfileWriteDispatched', {
  writeId: 'w1',
  chargingProfileId: 1,
  action: 'ClearChargingProfile',
  request: { id: 1 },
});
const configurationWrite = (countsAsWrite: boolean) =>
  envelope('ChargerConfigurationWriteDispatched', { writeId: 'w2', key: 'K', value: 'V', countsAsWrite });
const executed = (model: 'zappi' | 'generic-ocpp16', ...events: EventEnvelope[]): Executed => ({
  events,
  state: { ...initialState(), model },
  version: 5,
});
const settled = () => new Promise((r) => setTimeout(r, 0));

describe('Sending dispatched writes', () => {
  it('gives a zappi write a send deadline 20 s after its dispatch (guard 30 s less 10 s for delivery)', async () => {
    const { service, appended } = aService();
    const { gateway, calls } = aGateway({ kind: 'result', payload: { status: 'Accepted' }, messageId: 'm1' });
    new WriteExecutor(service, gateway, () => undefined);
    appended(executed('zappi', profileWrite, configurationWrite(true)));
    await settled();
    expect(calls).toEqual([
      { action: 'ClearChargingProfile', timeoutMs: 60_000, options: { sendBy: DISPATCHED_AT + 20_000 } },
      { action: 'ChangeConfiguration', timeoutMs: 60_000, options: { sendBy: DISPATCHED_AT + 20_000 } },
    ]);
  });

  it('sets no deadline for a write that does not count against a budget', async () => {
    const { service, appended } = aService();
    const { gateway, calls } = aGateway({ kind: 'offline' });
    new WriteExecutor(service, gateway, () => undefined);
    appended(executed('generic-ocpp16', profileWrite));
    appended(executed('zappi', configurationWrite(false)));
    await settled();
    expect(calls.map((c) => c.options)).toEqual([{}, {}]);
  });

  it('records a write the edge could not send in time as not-sent', async () => {
    const { service, appended, commands } = aService();
    const { gateway } = aGateway({ kind: 'not-sent', reason: 'queued behind a slow read' });
    new WriteExecutor(service, gateway, () => undefined);
    appended(executed('zappi', profileWrite));
    await settled();
    expect(commands).toMatchObject([{ type: 'RecordWriteOutcome', forWriteId: 'w1', outcome: { kind: 'not-sent' } }]);
  });

  it('passes on when the edge says it sent the write', () => {
    const sentAt = DISPATCHED_AT + 1_500;
    expect(outcomeOf({ kind: 'result', payload: { status: 'Accepted' }, messageId: 'm', sentAt })).toEqual({
      kind: 'result',
      status: 'Accepted',
      sentAt,
    });
    expect(outcomeOf({ kind: 'timeout', messageId: 'm', sentAt })).toEqual({ kind: 'timeout', sentAt });
    expect(outcomeOf({ kind: 'timeout', messageId: 'm' })).toEqual({ kind: 'timeout' });
    expect(outcomeOf({ kind: 'refused', reason: 'bad' })).toMatchObject({
      kind: 'call-error',
      code: 'REFUSED_BY_EDGE',
    });
  });
});

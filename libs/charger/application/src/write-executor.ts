import type { ChargerEvent } from '@chargeplane/charger-domain';
import { capabilitiesFor, writeSendBy } from '@chargeplane/smart-charging-domain';
import type { DeadlineCallReply } from '@chargeplane/contracts-api';
import type { WriteCarried, WriteOutcome } from '@chargeplane/charger-domain';
import type { ChargerService, Executed } from './charger-service.js';
import type { AppendContext, ChargerGateway } from './ports.js';

/** Maps the edge's reply for a write to the outcome the decider records. */
export function outcomeOf(reply: DeadlineCallReply): WriteOutcome {
  const sent = 'sentAt' in reply && reply.sentAt !== undefined ? { sentAt: reply.sentAt } : {};
  switch (reply.kind) {
    case 'result': {
      const status = reply.payload['status'];
      const known = ['Accepted', 'NotSupported', 'Unknown', 'RebootRequired'] as const;
      return { kind: 'result', status: known.find((k) => k === status) ?? 'Rejected', ...sent };
    }
    case 'call-error':
      return { kind: 'call-error', code: reply.code, description: reply.description, ...sent };
    case 'timeout':
      return { kind: 'timeout', ...sent };
    case 'offline':
      return { kind: 'offline' };
    case 'refused':
      return { kind: 'call-error', code: 'REFUSED_BY_EDGE', description: reply.reason };
    case 'not-sent':
      return { kind: 'not-sent' };
  }
}

/**
 * Sends the writes the aggregate dispatched and records each answer as a command of its own, so the
 * charger's next write (if any) is decided on what the device really holds. One write at a time per
 * charger follows from the decider (it dispatches only with nothing outstanding). A write that counts
 * against the device's budget carries a send deadline (`writeSendBy` of its dispatch instant): the edge
 * never sends it later, so it reaches the device within the budget's guard of the instant it was counted.
 */
export class WriteExecutor {
  constructor(
    private readonly service: ChargerService,
    private readonly gateway: ChargerGateway,
    private readonly onError: (chargerId: string, error: unknown) => void,
  ) {
    service.onAppended((chargerId, executed, context) => this.afterAppend(chargerId, executed, context));
  }

  private afterAppend(chargerId: string, executed: Executed, context: AppendContext): void {
    const caps = capabilitiesFor(executed.state.model, executed.state.configuration);
    const timeoutMs = caps.callTimeoutSeconds * 1000;
    const sendBy = (dispatchedAt: string) => writeSendBy(Date.parse(dispatchedAt), caps.writeBudget);
    for (const envelope of executed.events) {
      const causal = { ...context, causationId: envelope.id };
      if (envelope.type === 'ChargingProfileWriteDispatched') {
        const data = envelope.data as Extract<ChargerEvent, { type: 'ChargingProfileWriteDispatched' }>['data'];
        const write = { writeId: data.writeId, action: data.action, request: data.request };
        // What it carried travels with its answer: an answer the aggregate no longer waits for is judged by it (L11).
        const carried: WriteCarried =
          data.action === 'SetChargingProfile'
            ? { action: 'SetChargingProfile', request: data.request }
            : { action: 'ClearChargingProfile', request: data.request };
        void this.send(chargerId, write, { timeoutMs, sendBy: sendBy(envelope.occurredAt) }, causal, carried).catch(
          (e: unknown) => this.onError(chargerId, e),
        );
      } else if (envelope.type === 'ChargerConfigurationWriteDispatched') {
        const data = envelope.data as Extract<ChargerEvent, { type: 'ChargerConfigurationWriteDispatched' }>['data'];
        const write = {
          writeId: data.writeId,
          action: 'ChangeConfiguration',
          request: { key: data.key, value: data.value },
        };
        const deadline = data.countsAsWrite ? sendBy(envelope.occurredAt) : null;
        void this.send(chargerId, write, { timeoutMs, sendBy: deadline }, causal).catch((e: unknown) =>
          this.onError(chargerId, e),
        );
      }
    }
  }

  private async send(
    chargerId: string,
    write: { writeId: string; action: string; request: Record<string, unknown> },
    limits: { timeoutMs: number; sendBy: number | null },
    context: AppendContext,
    carried?: WriteCarried,
  ): Promise<void> {
    const { timeoutMs, sendBy } = limits;
    const reply = await this.gateway.call(
      chargerId,
      write.action,
      write.request,
      timeoutMs,
      sendBy === null ? {} : { sendBy },
    );
    await this.service.execute(
      chargerId,
      (_state, base) => ({
        ...base,
        type: 'RecordWriteOutcome',
        forWriteId: write.writeId,
        outcome: outcomeOf(reply),
        ...(carried ? { carried } : {}),
      }),
      context,
    );
  }
}

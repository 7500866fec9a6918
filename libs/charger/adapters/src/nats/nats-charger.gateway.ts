import type { ChargerGateway } from '@chargeplane/charger-application';
import { DeadlineCallReply, subjects } from '@chargeplane/contracts-api';
import { RequestError, type NatsBus } from '@chargeplane/platform-messaging';

/** Extra time NATS waits beyond the edge's own call timeout, so the edge's `timeout` answer arrives first. */
const TRANSPORT_GRACE_MS = 3_000;

/**
 * Calls a charger through `cp.{chargerId}.call`; no edge holding it → offline, no answer at all → timeout. A `sendBy`
 * travels with the call: the edge answers `not-sent` when it cannot put it on the wire before then.
 */
export class NatsChargerGateway implements ChargerGateway {
  constructor(private readonly bus: NatsBus) {}

  async call(
    chargerId: string,
    action: string,
    payload: Record<string, unknown>,
    timeoutMs: number,
    options: { sendBy?: number } = {},
  ): Promise<DeadlineCallReply> {
    try {
      return await this.bus.request(
        subjects.chargerCall(chargerId),
        { action, payload, timeoutMs, ...(options.sendBy === undefined ? {} : { sendBy: options.sendBy }) },
        DeadlineCallReply,
        timeoutMs + TRANSPORT_GRACE_MS,
      );
    } catch (error) {
      if (error instanceof RequestError && error.code === 'UNAVAILABLE') return { kind: 'offline' };
      if (error instanceof RequestError && error.code === 'TIMEOUT') return { kind: 'timeout', messageId: 'unknown' };
      throw error;
    }
  }
}

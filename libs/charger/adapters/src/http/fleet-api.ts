import { ErrorCode, PlatformError, subjects, TwinSummary } from '@chargeplane/contracts-api';
import { TwinEvent } from '@chargeplane/contracts-events';
import { RequestError, type NatsBus } from '@chargeplane/platform-messaging';
import type { ChargerOwnership, RequestContext } from '@chargeplane/charger-application';
import type { SseOptions } from './sse-session.js';
import { TwinChangeHub } from './twin-change-hub.js';

/** DI token of the fleet routes' use cases. */
export const FLEET_API = Symbol('FLEET_API');

/** A drift check waits for two charger reads in parallel: the slowest model's call timeout plus transport. */
const DRIFT_CHECK_TIMEOUT_MS = 70_000;

/** The twin's answers arrive as NATS error replies; they keep their code (NOT_FOUND stays 404). */
function asPlatformError(error: unknown): unknown {
  if (!(error instanceof RequestError)) return error;
  const code = ErrorCode.safeParse(error.code);
  return new PlatformError(code.success ? code.data : 'INTERNAL', error.message, error.details);
}

/** Fleet-wide reads served by device-twin (summary, live changes, drift checks), tenant-scoped. */
export class FleetApi {
  readonly changes: TwinChangeHub;

  constructor(
    private readonly bus: NatsBus,
    private readonly ownership: ChargerOwnership,
    readonly stream: SseOptions,
  ) {
    this.changes = new TwinChangeHub(bus);
  }

  async summary(ctx: RequestContext): Promise<TwinSummary> {
    return this.bus
      .request(subjects.twinSummary, { tenantId: ctx.tenantId }, TwinSummary)
      .catch((e: unknown) => Promise.reject(asPlatformError(e)));
  }

  async driftCheck(ctx: RequestContext, chargerId: string): Promise<TwinEvent> {
    await this.ownedCharger(ctx, chargerId);
    return this.bus
      .request(
        subjects.twinDriftCheck,
        { tenantId: ctx.tenantId, chargerId, correlationId: ctx.correlationId },
        TwinEvent,
        DRIFT_CHECK_TIMEOUT_MS,
      )
      .catch((e: unknown) => Promise.reject(asPlatformError(e)));
  }

  /** Another tenant's charger is "not found", as everywhere in the API. */
  async ownedCharger(ctx: Pick<RequestContext, 'tenantId'>, chargerId: string): Promise<void> {
    await this.ownership.stateOwnedBy(ctx.tenantId, chargerId);
  }
}

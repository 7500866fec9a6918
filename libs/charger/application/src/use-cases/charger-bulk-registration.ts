import {
  BULK_REGISTRATION_LIMIT,
  checkBulkRow,
  IllegalStateError,
  PlatformError,
  rowError,
  type BulkRegisterChargersAnswer,
  type BulkRegistrationResult,
  type BulkRow,
  type RegisterChargerBody,
} from '@chargeplane/contracts-api';
import type { ChargerService } from '../charger-service.js';
import type { ChargerCredentials, ChargerRegistry, RequestContext } from '../ports.js';
import { ocppUrlOf, registrationCommand } from './registration-command.js';

interface Accepted {
  index: number;
  where: string;
  body: RegisterChargerBody;
}

/**
 * Registering many chargers in one request (fleet onboarding). Each row is checked with the single
 * registration's schema and registered through the same command and decider; one bad row fails alone. The
 * directory is asked once for the whole request, and the appends, issued together, are group-committed by
 * the repository (a few transactions for thousands of chargers).
 */
export class ChargerBulkRegistration {
  constructor(
    private readonly service: ChargerService,
    private readonly registry: ChargerRegistry,
    private readonly credentials: ChargerCredentials,
    private readonly ocppUrl: string,
  ) {}

  /** One result per row, in row order: created (with the password, shown once) or why not. */
  async register(ctx: RequestContext, rows: readonly BulkRow[]): Promise<BulkRegisterChargersAnswer> {
    if (rows.length > BULK_REGISTRATION_LIMIT)
      throw new PlatformError(
        'BATCH_TOO_LARGE',
        `${rows.length} rows; at most ${BULK_REGISTRATION_LIMIT} chargers per request (split the list)`,
        { rows: rows.length, limit: BULK_REGISTRATION_LIMIT },
      );
    const results: BulkRegistrationResult[] = new Array<BulkRegistrationResult>(rows.length);
    const firstSeen = new Map<string, string>();
    const accepted: Accepted[] = [];
    rows.forEach((row, index) => {
      const checked = checkBulkRow(row);
      if ('error' in checked) {
        results[index] = checked.error;
        return;
      }
      const { chargerId } = checked.body;
      const earlier = firstSeen.get(chargerId);
      if (earlier !== undefined) {
        results[index] = rowError(
          chargerId,
          'DUPLICATE_IN_REQUEST',
          `${row.where}: ${chargerId} is also on ${earlier}`,
        );
        return;
      }
      firstSeen.set(chargerId, row.where);
      accepted.push({ index, where: row.where, body: checked.body });
    });

    const registered = await this.registry.registeredAmong(accepted.map((a) => a.body.chargerId));
    const fresh = accepted.filter((a) => {
      if (!registered.has(a.body.chargerId)) return true;
      results[a.index] = this.alreadyRegistered(a);
      return false;
    });
    this.service.expectNew(fresh.map((a) => a.body.chargerId));
    await Promise.all(
      fresh.map(async (a) => {
        results[a.index] = await this.registerOne(ctx, a);
      }),
    );
    return { results };
  }

  private async registerOne(ctx: RequestContext, a: Accepted): Promise<BulkRegistrationResult> {
    const { chargerId } = a.body;
    try {
      const { password, credentialsHash } = await this.credentials.newChargerCredential(a.body.password);
      const executed = await this.service.execute(chargerId, registrationCommand(ctx, a.body, credentialsHash), {
        tenantId: ctx.tenantId,
        correlationId: ctx.correlationId,
        causationId: null,
      });
      return {
        chargerId,
        status: 'created',
        ocppUrl: ocppUrlOf(this.ocppUrl, chargerId),
        password,
        version: executed.version,
      };
    } catch (error) {
      // Registered meanwhile by another request: the decider's own invariant (registered once).
      if (error instanceof IllegalStateError) return this.alreadyRegistered(a);
      // The other rows' credentials must still reach the caller: this row reports that it was not stored.
      const reason = error instanceof PlatformError ? ` (${error.code})` : '';
      return rowError(
        chargerId,
        'NOT_STORED',
        `${a.where}: storing ${chargerId} failed${reason}; it is not registered, retry it`,
      );
    }
  }

  private alreadyRegistered(a: Accepted): BulkRegistrationResult {
    return rowError(a.body.chargerId, 'ALREADY_REGISTERED', `${a.where}: ${a.body.chargerId} is already registered`);
  }
}

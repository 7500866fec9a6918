import { PlatformError, type RegisterChargerBody } from '@chargeplane/contracts-api';
import type { CredentialHasher } from '@chargeplane/platform-security';
import type { ChargerService } from '../charger-service.js';
import type { ChargerRegistry, RequestContext } from '../ports.js';
import { ocppUrlOf, registrationCommand } from './registration-command.js';

export interface Registered {
  chargerId: string;
  ocppUrl: string;
  /** The charger's OCPP password (generated unless given): shown once, only its hash is stored. */
  password: string;
  version: number;
}

/** Registering a charger under the asking tenant. */
export class ChargerRegistration {
  constructor(
    private readonly service: ChargerService,
    private readonly registry: ChargerRegistry,
    private readonly ocppUrl: string,
    private readonly credentials: CredentialHasher,
  ) {}

  async register(ctx: RequestContext, body: RegisterChargerBody): Promise<Registered> {
    if (await this.registry.isRegistered(body.chargerId)) {
      throw new PlatformError('ILLEGAL_STATE', `charger ${body.chargerId} is already registered`);
    }
    // A generated key is stored as a peppered HMAC, a chosen password with scrypt (decision 0007).
    const { password, credentialsHash } = await this.credentials.newChargerCredential(body.password);
    const executed = await this.service.execute(body.chargerId, registrationCommand(ctx, body, credentialsHash), {
      tenantId: ctx.tenantId,
      correlationId: ctx.correlationId,
      causationId: null,
    });
    return {
      chargerId: body.chargerId,
      ocppUrl: ocppUrlOf(this.ocppUrl, body.chargerId),
      password,
      version: executed.version,
    };
  }
}

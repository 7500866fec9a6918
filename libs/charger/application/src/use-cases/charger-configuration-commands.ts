import type { ChargerService } from '../charger-service.js';
import type { RequestContext } from '../ports.js';
import type { ChargerOwnership } from './charger-ownership.js';
import { configurationWriteStatus, type ConfigurationWriteStatus } from './write-status.js';

/** A configuration value the platform wants on a charger (compliance-gb's device delay), within the write budget. */
export class ChargerConfigurationCommands {
  constructor(
    private readonly service: ChargerService,
    private readonly ownership: ChargerOwnership,
  ) {}

  async setDesired(
    ctx: RequestContext,
    chargerId: string,
    change: { key: string; value: string; reason: string },
  ): Promise<ConfigurationWriteStatus> {
    await this.ownership.stateOwnedBy(ctx.tenantId, chargerId);
    const executed = await this.service.execute(
      chargerId,
      (_s, base) => ({ ...base, type: 'SetDesiredConfiguration', ...change }),
      { tenantId: ctx.tenantId, correlationId: ctx.correlationId, causationId: null },
    );
    return configurationWriteStatus(executed, change.key);
  }
}

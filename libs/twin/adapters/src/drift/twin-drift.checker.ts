import { NotFoundError, subjects, type TwinDriftCheckRequest } from '@chargeplane/contracts-api';
import { TwinEvent } from '@chargeplane/contracts-events';
import type { NatsBus } from '@chargeplane/platform-messaging';
import { capabilitiesFor } from '@chargeplane/smart-charging-domain';
import { driftReadsFor, driftReport, type ConfigurationAnswer } from '@chargeplane/twin-domain';
import type { TwinRepository } from '../twin.repository.js';
import type { ChargerReads } from './charger-reads.js';

/**
 * A drift check: asks the charger (two free reads, in parallel), compares with its twin, publishes the
 * result as a record on TWIN_EVENTS (`TwinDriftDetected` when they disagree, else `TwinDriftChecked`) and
 * returns that record. The record is published before it is returned, so a caller never sees a result
 * that is not on the stream.
 */
export class TwinDriftChecker {
  constructor(
    private readonly bus: NatsBus,
    private readonly twins: TwinRepository,
    private readonly reads: ChargerReads,
    private readonly clock: () => number,
    private readonly newId: () => string,
  ) {}

  async check(request: TwinDriftCheckRequest): Promise<TwinEvent> {
    const doc = await this.twins.find(request.tenantId, request.chargerId);
    if (!doc) throw new NotFoundError(`charger ${request.chargerId} has no twin yet`);
    const reads = driftReadsFor(doc);
    const timeoutMs = capabilitiesFor(doc.model, doc.configuration).callTimeoutSeconds * 1000;
    const askedAt = this.clock();
    const noKeys: ConfigurationAnswer = { kind: 'unavailable', reason: 'the twin holds no configuration yet' };
    const [configuration, composite] = await Promise.all([
      reads.configurationKeys.length > 0
        ? this.reads.configuration(doc.chargerId, reads.configurationKeys, timeoutMs)
        : noKeys,
      this.reads.composite(doc.chargerId, reads.composite, timeoutMs),
    ]);
    const checkedAt = new Date(this.clock()).toISOString();
    const report = driftReport(doc, reads, { configuration, composite }, askedAt, checkedAt);
    const id = this.newId();
    const record = TwinEvent.parse({
      id,
      type: report.outcome === 'drift' ? 'TwinDriftDetected' : 'TwinDriftChecked',
      schemaVersion: 1,
      tenantId: doc.tenantId,
      chargerId: doc.chargerId,
      occurredAt: checkedAt,
      correlationId: request.correlationId ?? id,
      causationId: null,
      data: report,
    });
    await this.bus.publish(subjects.twinEvents(doc.chargerId), record, record.id);
    return record;
  }
}

import type { ComplianceEvent } from '@chargeplane/contracts-events';
import { Counter, Histogram, type Registry } from 'prom-client';

/** Prometheus view of the audit: events by type, delays drawn (seconds), exemptions by reason. */
export function complianceMetrics(registry: Registry): (chargerId: string, events: readonly ComplianceEvent[]) => void {
  const recorded = new Counter({
    name: 'compliance_events_total',
    help: 'Compliance events recorded, by type',
    labelNames: ['type'],
    registers: [registry],
  });
  const delays = new Histogram({
    name: 'compliance_delay_seconds',
    help: 'Platform randomised delays drawn',
    buckets: [0, 60, 120, 300, 600, 900, 1200, 1800],
    registers: [registry],
  });
  const exemptions = new Counter({
    name: 'compliance_exemptions_total',
    help: 'Relevant times left undelayed, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  return (_chargerId, events) => {
    for (const event of events) {
      recorded.inc({ type: event.type });
      if (event.type === 'RandomisedDelayApplied') for (const d of event.data.delays) delays.observe(d.delaySeconds);
      if (event.type === 'RandomisedDelayApplied' || event.type === 'RandomisedDelayExempted') {
        for (const e of event.data.exemptions) exemptions.inc({ reason: e.reason });
      }
    }
  };
}

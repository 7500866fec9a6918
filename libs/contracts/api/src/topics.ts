/** Public Kafka topics (docs/architecture.md §3). Key = charger id on every topic. */
export const topics = {
  chargerEvents: 'chargeplane.charger-events.v1',
  telemetry: 'chargeplane.telemetry.v1',
  compliance: 'chargeplane.compliance.v1',
} as const;
export type Topic = (typeof topics)[keyof typeof topics];

/**
 * The compliance stream (`events.compliance.{id}` on JetStream, `compliance-{id}` in the store): written
 * only by compliance-gb, the GB audit trail (bridged to Kafka `chargeplane.compliance.v1`).
 */
export * from './policy.events.js';
export * from './delay.events.js';
export * from './device-delay.events.js';
export * from './off-peak.events.js';
export * from './compliance-event.js';

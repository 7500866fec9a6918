import type { AnalyticsSummary } from './analytics.aggregate.js';

/** A few lines a person can read in a terminal. */
export function renderReport(
  s: AnalyticsSummary,
  stats: { handled: number; duplicates: number; invalid: number },
): string {
  const lines = [
    `== analytics: ${stats.handled} events (${stats.duplicates} duplicates dropped, ${stats.invalid} invalid)`,
  ];
  lines.push(
    `writes dispatched: ${s.rejections.writesDispatched}, profiles requested: ${s.rejections.profilesRequested}`,
  );
  for (const r of s.rejections.byReason)
    lines.push(`  ${r.reason.padEnd(36)} ${String(r.count).padStart(6)}  ${(r.rate * 100).toFixed(2)}% of ${r.of}`);
  lines.push('writes per charger per hour (busiest hour):');
  for (const [charger, hours] of Object.entries(s.writesPerChargerPerHour)) {
    const [hour, count] = Object.entries(hours).reduce((best, h) => (h[1] > best[1] ? h : best));
    lines.push(
      `  ${charger.padEnd(24)} ${String(count).padStart(4)} at ${hour} (${Object.keys(hours).length} hours with writes)`,
    );
  }
  lines.push('slots used:');
  for (const [charger, slots] of Object.entries(s.slots))
    lines.push(`  ${charger.padEnd(24)} ${String(slots.used).padStart(4)} slots in ${slots.profiles} profiles`);
  return lines.join('\n');
}

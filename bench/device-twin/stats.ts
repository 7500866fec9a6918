/** Percentile (nearest rank) of durations in ms. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export const ms = (v: number) => `${v.toFixed(2)} ms`;

// Call latencies of a whole fleet can run into millions of samples; a log-bucketed histogram keeps memory
// constant (≈ 4 % resolution) and answers any percentile in O(buckets).

const GROWTH = 1.04;
const MIN_MS = 0.05;
const BUCKETS = 420; // MIN_MS × 1.04^420 ≈ 70 minutes

function bucketOf(ms: number): number {
  if (ms <= MIN_MS) return 0;
  return Math.min(BUCKETS - 1, 1 + Math.floor(Math.log(ms / MIN_MS) / Math.log(GROWTH)));
}

function bucketMidMs(bucket: number): number {
  if (bucket === 0) return MIN_MS;
  return MIN_MS * GROWTH ** (bucket - 0.5);
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private maxMs = 0;

  record(ms: number): void {
    const bucket = bucketOf(ms);
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.total++;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  get count(): number {
    return this.total;
  }

  get max(): number {
    return this.maxMs;
  }

  /** The q-quantile (0 < q ≤ 1) in ms, rounded to 0.1 ms; null without samples. */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.counts[b] ?? 0;
      if (seen >= rank) return Math.round(Math.min(bucketMidMs(b), this.maxMs) * 10) / 10;
    }
    return Math.round(this.maxMs * 10) / 10;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.maxMs = 0;
  }
}

import type { BudgetTimeline } from '../logic/budget-timeline.js';

const time = (ms: number) => new Date(ms).toLocaleTimeString();

/** The last rolling window on a line: each write at its instant, and when the next write frees. */
export function BudgetTimelineView({ timeline }: { timeline: BudgetTimeline }) {
  const span = timeline.nowMs - timeline.windowStartMs;
  const x = (ms: number) => `${(100 * (ms - timeline.windowStartMs)) / span}%`;
  const next = timeline.nextFreeAtMs;
  return (
    <figure className="budget" data-testid="budget-timeline">
      <figcaption>
        Write budget: {timeline.used} of {timeline.limit} writes used in the last {timeline.windowSeconds / 60} min,{' '}
        {timeline.remaining} left.{' '}
        <strong data-testid="next-free">
          {next === null ? 'A write is possible now.' : `Next write frees at ${time(next)}.`}
        </strong>
      </figcaption>
      <div className="timeline" role="list" aria-label="Writes in the rolling window">
        {timeline.writes.map((w) => (
          <span
            key={`${w.atMs}-${w.label}`}
            role="listitem"
            className="tick"
            style={{ left: x(w.atMs) }}
            title={`${w.label} at ${time(w.atMs)}, counts until ${time(w.agesOutAtMs)}`}
            aria-label={`${w.label} at ${time(w.atMs)}, counts until ${time(w.agesOutAtMs)}`}
          />
        ))}
      </div>
      <div className="timeline-axis" aria-hidden="true">
        <span>{time(timeline.windowStartMs)}</span>
        <span>now</span>
      </div>
    </figure>
  );
}

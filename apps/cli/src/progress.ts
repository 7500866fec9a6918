/** What a progress line shows: done of total, and optionally counts by status and a label. */
export interface Progress {
  label: string;
  done: number;
  /** null: unknown (a counter without a bar). */
  total: number | null;
  detail?: Record<string, number>;
}

const FULL = '█';
const EMPTY = '░';

/** One line of progress, `label [█████░░░░░]  50% 5,000/10,000 confirmed 4,990 deferred 10`, at most `width` wide. */
export function renderProgress(p: Progress, width = 80): string {
  const counts =
    p.total === null
      ? `${p.done.toLocaleString('en')}`
      : `${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')}`;
  const detail = Object.entries(p.detail ?? {})
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${status} ${n.toLocaleString('en')}`)
    .join(' ');
  const tail = [counts, detail].filter(Boolean).join(' ');
  if (p.total === null) return `${p.label} ${tail}`.slice(0, width);
  const fraction = p.total === 0 ? 1 : Math.min(1, Math.max(0, p.done / p.total));
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  const barWidth = Math.max(10, Math.min(40, width - p.label.length - tail.length - 10));
  const filled = Math.round(fraction * barWidth);
  return `${p.label} [${FULL.repeat(filled)}${EMPTY.repeat(barWidth - filled)}] ${percent} ${tail}`.slice(0, width);
}

/** Where progress goes: redrawn in place on a terminal, one line per whole 10 % (and the last) otherwise. */
export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): boolean;
}

export class ProgressLine {
  #lastDecile = -1;
  #drawn = false;
  /** The latest line not yet written (off a terminal, between two tenths). */
  #pending: string | null = null;

  constructor(private readonly out: ProgressOutput) {}

  update(p: Progress): void {
    const line = renderProgress(p, this.out.columns ?? 80);
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${line}`);
      this.#drawn = true;
      return;
    }
    const decile = p.total ? Math.floor((10 * p.done) / p.total) : p.done;
    if (decile !== this.#lastDecile) {
      this.#lastDecile = decile;
      this.out.write(`${line}\n`);
      this.#pending = null;
    } else this.#pending = line;
  }

  /** Ends the line on a terminal; elsewhere writes the last state if it was not written yet. */
  finish(): void {
    if (this.#drawn) this.out.write('\n');
    if (this.#pending !== null) this.out.write(`${this.#pending}\n`);
    this.#drawn = false;
    this.#pending = null;
  }
}

import { z } from 'zod';
import type { Progress } from '../progress.js';

/** A pino log line of the replay or rebuild tool (only the fields the CLI follows). */
const LogLine = z.looseObject({
  msg: z.string(),
  level: z.number().optional(),
  phase: z.string().optional(),
  events: z.number().optional(),
  chargers: z.number().optional(),
  streams: z.number().optional(),
});

/** What the CLI makes of one line the tool printed. */
export type ToolLine =
  | { kind: 'start'; total: number }
  | { kind: 'step'; count?: number; detail?: Record<string, number> }
  | { kind: 'result'; text: string }
  | { kind: 'log'; text: string };

const WARN = 40;

/**
 * Reads one stdout line of `replay` (`replay started` {streams}, `stream replayed` per stream, its JSON summary)
 * or `rebuild` (`twin rebuild progress` {phase, events, chargers}, `twins rebuilt and swapped in`).
 */
export function readToolLine(tool: 'replay' | 'rebuild', line: string): ToolLine | null {
  if (line.trim() === '') return null;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { kind: 'log', text: line };
  }
  const log = LogLine.safeParse(json);
  if (!log.success) return { kind: 'result', text: line };
  const l = log.data;
  if (tool === 'replay' && l.msg === 'replay started' && l.streams !== undefined)
    return { kind: 'start', total: l.streams };
  if (tool === 'replay' && l.msg === 'stream replayed') return { kind: 'step' };
  if (tool === 'rebuild' && l.msg === 'twin rebuild progress')
    return { kind: 'step', count: l.events ?? 0, detail: { chargers: l.chargers ?? 0 } };
  if (tool === 'rebuild' && l.msg === 'twins rebuilt and swapped in') {
    const seconds = (['readSeconds', 'writeSeconds', 'swapSeconds'] as const).map((k) => Number(l[k] ?? 0));
    const total = seconds.reduce((a, b) => a + b, 0);
    return {
      kind: 'result',
      text: `twins rebuilt and swapped in: ${l.events ?? 0} events, ${l.chargers ?? 0} chargers in ${total.toFixed(1)} s (read ${seconds[0]!.toFixed(1)} s, write ${seconds[1]!.toFixed(1)} s, swap ${seconds[2]!.toFixed(2)} s)`,
    };
  }
  return (l.level ?? 0) >= WARN ? { kind: 'log', text: `${l.msg}` } : null;
}

/** Folds the tool's lines into the progress shown. */
export function advance(tool: 'replay' | 'rebuild', progress: Progress, line: ToolLine): Progress {
  if (line.kind === 'start') return { ...progress, total: line.total };
  if (line.kind !== 'step') return progress;
  if (tool === 'replay') return { ...progress, done: progress.done + 1 };
  return { ...progress, done: line.count ?? progress.done, ...(line.detail ? { detail: line.detail } : {}) };
}

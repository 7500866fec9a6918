import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { optional, type ParsedCommand } from '../cli-args.js';
import { say, type CliIo } from '../io.js';
import { ProgressLine, type Progress } from '../progress.js';
import { advance, readToolLine } from './tool-progress.js';

/** The compiled entry points this CLI wraps (beside it under dist/apps). */
const entries = {
  replay: '../../../kafka-bridge/src/replay.main.js',
  rebuild: '../../../device-twin/src/rebuild.main.js',
} as const;

/**
 * `replay` and `rebuild`: runs the existing tool (the same entry point as `npm run replay` / `npm run
 * twin:rebuild`, with the environment it reads: DATABASE_URL, KAFKA_BROKERS, …) and turns its log into a
 * progress line; its summary is printed at the end and its exit code returned.
 */
export async function toolCommand(tool: 'replay' | 'rebuild', cmd: ParsedCommand, io: CliIo): Promise<number> {
  const args =
    tool === 'replay'
      ? (['charger', 'tenant', 'topic-prefix'] as const).flatMap((name) => {
          const value = optional(cmd.flags, name);
          return value === undefined ? [] : [`--${name}`, value];
        })
      : [];
  const entry = fileURLToPath(new URL(entries[tool], import.meta.url));
  const child = spawn(process.execPath, [entry, ...args], {
    cwd: io.cwd,
    env: { ...io.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onAbort = () => child.kill('SIGINT');
  io.signal.addEventListener('abort', onAbort);
  const bar = new ProgressLine(io.stderr);
  let progress: Progress = {
    label: tool === 'replay' ? 'replaying streams' : 'rebuilding, events read',
    done: 0,
    total: null,
  };
  const results: string[] = [];
  child.stderr.on('data', (chunk: Buffer) => io.stderr.write(chunk.toString()));
  for await (const raw of createInterface({ input: child.stdout })) {
    const line = readToolLine(tool, raw);
    if (line === null) continue;
    if (line.kind === 'log') {
      bar.finish();
      say(io.stderr, line.text);
    } else if (line.kind === 'result') results.push(line.text);
    else {
      progress = advance(tool, progress, line);
      bar.update(progress);
    }
  }
  const code = await new Promise<number>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (c) => resolve(c ?? 1));
  });
  io.signal.removeEventListener('abort', onAbort);
  bar.finish();
  for (const r of results) say(io.stdout, r);
  return code;
}

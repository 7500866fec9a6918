import type { ProgressOutput } from './progress.js';

/** What a command may touch of its process: injected, so that tests run the CLI in-process. */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  /** The directory relative paths are taken from (where the user ran the command). */
  cwd: string;
  stdout: ProgressOutput;
  stderr: ProgressOutput;
  /** Aborted on Ctrl-C (watch stops, a wait gives up). */
  signal: AbortSignal;
  /** Waits between polls (injected so that tests need not wait in real time). */
  sleep(ms: number): Promise<void>;
}

export const say = (out: ProgressOutput, line: string) => void out.write(`${line}\n`);

#!/usr/bin/env node
import { setTimeout as sleep } from 'node:timers/promises';
import { runCli } from './cli.js';

// `npm run cli -- …` runs from the repository root: relative paths are taken from where npm was started.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  cwd: process.env['INIT_CWD'] ?? process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
  sleep: (ms) => sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined),
});
process.exitCode = code;

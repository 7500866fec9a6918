import { readFileSync, writeFileSync } from 'node:fs';
import { parseCli } from './cli/cli-args.js';
import { HELP_TEXT } from './cli/help-text.js';
import { startSimulator } from './start-simulator.js';

// `charger-sim` entry point: flags → simulator; the final report on SIGINT/SIGTERM or after --duration.

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2), (path) => readFileSync(path, 'utf8'));
  if (cli.kind === 'help') {
    process.stdout.write(HELP_TEXT);
    return;
  }
  if (cli.kind === 'error') {
    process.stderr.write(`charger-sim: ${cli.message}\nRun charger-sim --help for the list of flags.\n`);
    process.exit(2);
  }
  const { options } = cli;
  const sim = await startSimulator(options);
  let finishing = false;
  const finish = async (why: string): Promise<void> => {
    if (finishing) return;
    finishing = true;
    const report = { reason: why, ...(await sim.stop()) };
    const text = `${JSON.stringify(report, null, 2)}\n`;
    if (options.report) writeFileSync(options.report, text);
    else process.stdout.write(text);
    process.exit(0);
  };
  process.once('SIGINT', () => void finish('SIGINT'));
  process.once('SIGTERM', () => void finish('SIGTERM'));
  if (options.duration !== undefined) setTimeout(() => void finish('duration'), options.duration * 1000);
}

main().catch((error: unknown) => {
  process.stderr.write(`charger-sim failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

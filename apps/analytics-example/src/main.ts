import { parseArgs } from './cli-args.js';
import { runAnalytics } from './run-analytics.js';

// An integrator's program: it knows the public topic, the consumer kit and the public contracts, nothing
// of the platform's code. `--once --json` prints the aggregate and exits once the topic has been read.
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), process.env, `analytics-example-${process.pid}-${Date.now()}`);
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  await runAnalytics(args, (text) => console.log(text), stop.signal);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`analytics-example: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

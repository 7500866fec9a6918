import { CliError } from './api-client.js';
import { parseCli, UsageError, type ParsedCommand } from './cli-args.js';
import { assignCommand } from './commands/assign.command.js';
import { registerCommand } from './commands/register.command.js';
import { toolCommand } from './commands/tools.command.js';
import { watchCommand } from './commands/watch.command.js';
import { say, type CliIo } from './io.js';

const run: Record<ParsedCommand['command'], (cmd: ParsedCommand, io: CliIo) => Promise<number>> = {
  register: registerCommand,
  assign: assignCommand,
  watch: watchCommand,
  replay: (cmd, io) => toolCommand('replay', cmd, io),
  rebuild: (cmd, io) => toolCommand('rebuild', cmd, io),
};

/**
 * `chargeplane <command> …`: the exit code — 0 done, 1 failed (or some rows / chargers did), 2 a usage mistake.
 * Expected failures are one line on stderr; anything else is a bug and keeps its stack.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const parsed = parseCli(argv);
    if ('help' in parsed) {
      say(io.stdout, parsed.help);
      return 0;
    }
    return await run[parsed.command](parsed, io);
  } catch (error) {
    if (error instanceof UsageError) {
      say(io.stderr, `chargeplane: ${error.message}`);
      say(io.stderr, 'chargeplane --help lists the commands');
      return 2;
    }
    if (error instanceof CliError) {
      say(io.stderr, `chargeplane: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

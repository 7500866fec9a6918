import { parseArgs } from 'node:util';

/** A usage mistake: the message says what is wrong; the CLI prints it with the command's usage (exit 2). */
export class UsageError extends Error {}

type Option = { type: 'string' | 'boolean'; short?: string; help: string };

interface CommandSpec {
  summary: string;
  usage: string;
  options: Record<string, Option>;
  /** How many positional words the command takes (after its name). */
  positionals: { min: number; max: number };
}

const common: Record<string, Option> = {
  'api-url': { type: 'string', help: 'the API (default $CHARGEPLANE_API_URL, else http://127.0.0.1:8080)' },
  'api-key': { type: 'string', help: "a tenant's API key (default $CHARGEPLANE_API_KEY)" },
};

/** Every command of `chargeplane`, with its options: the help text and the parser both come from here. */
export const commands = {
  register: {
    summary: 'register the chargers of a CSV file (bulk, 10,000 per request); writes their credentials once',
    usage: 'register --csv FILE [--out FILE] [--idempotency-key KEY]',
    options: {
      ...common,
      csv: { type: 'string', help: 'chargers, one per line: header chargerId,model[,jurisdiction,password,tags]' },
      out: {
        type: 'string',
        help: 'where to write chargerId,ocppUrl,password (mode 0600; default FILE.credentials.csv)',
      },
      'idempotency-key': { type: 'string', help: 'makes a retried run answer what the first did (one key per file)' },
    },
    positionals: { min: 0, max: 0 },
  },
  assign: {
    summary: 'assign a charging profile to chargers by tag or list, with a progress bar until each has answered',
    usage: 'assign --profile FILE (--tag TAG | --chargers ID,ID,…) [--connector N] [--timeout S] [--no-wait]',
    options: {
      ...common,
      profile: { type: 'string', help: 'a JSON file: the chargingProfile (or {connectorId, chargingProfile})' },
      tag: { type: 'string', help: 'every charger of the tenant with this tag' },
      chargers: { type: 'string', help: 'comma-separated charger ids' },
      connector: { type: 'string', help: 'the connector id (default 0: the whole charger, or as the file says)' },
      'idempotency-key': { type: 'string', help: 'makes a retried run answer what the first did' },
      timeout: { type: 'string', help: 'seconds to follow the progress (default 300; the platform keeps going)' },
      'no-wait': { type: 'boolean', help: 'print the assignment id and return without following it' },
    },
    positionals: { min: 0, max: 0 },
  },
  watch: {
    summary: 'follow live twin changes of one charger or of the whole fleet (Ctrl-C to stop)',
    usage: 'watch charger ID | watch fleet',
    options: { ...common, json: { type: 'boolean', help: 'print each change as a JSON line' } },
    positionals: { min: 1, max: 2 },
  },
  replay: {
    summary: "republish a charger's or tenant's stored history to Kafka (npm run replay), with progress",
    usage: 'replay (--charger ID | --tenant ID) [--topic-prefix P]',
    options: {
      charger: { type: 'string', help: 'one charger' },
      tenant: { type: 'string', help: 'every charger of a tenant' },
      'topic-prefix': { type: 'string', help: 'Kafka topic prefix (default $KAFKA_TOPIC_PREFIX)' },
    },
    positionals: { min: 0, max: 0 },
  },
  rebuild: {
    summary: 'rebuild every twin from the event store and swap it in (npm run twin:rebuild), with progress',
    usage: 'rebuild',
    options: {},
    positionals: { min: 0, max: 0 },
  },
} satisfies Record<string, CommandSpec>;
export type CommandName = keyof typeof commands;

export interface ParsedCommand {
  command: CommandName;
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** `--help` (or nothing): the command list; `COMMAND --help`: that command's options. */
export type Parsed = ParsedCommand | { help: string };

const isCommand = (name: string): name is CommandName => Object.hasOwn(commands, name);

export function helpText(command?: CommandName): string {
  if (command) {
    const spec: CommandSpec = commands[command];
    const options = Object.entries(spec.options).map(([name, o]) => `  --${name.padEnd(18)} ${o.help}`);
    return [
      `chargeplane ${spec.usage}`,
      '',
      spec.summary,
      ...(options.length ? ['', 'options:', ...options] : []),
    ].join('\n');
  }
  const lines = Object.entries(commands).map(([name, spec]) => `  ${name.padEnd(9)} ${spec.summary}`);
  return [
    'usage: chargeplane <command> [options]   (npm run cli -- <command> …)',
    '',
    'commands:',
    ...lines,
    '',
    'chargeplane <command> --help shows its options.',
  ].join('\n');
}

/** Parses the arguments after the program name; throws UsageError with a specific message. */
export function parseCli(argv: readonly string[]): Parsed {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { help: helpText() };
  if (!isCommand(first))
    throw new UsageError(`unknown command "${first}"; the commands are ${Object.keys(commands).join(', ')}`);
  if (rest.includes('--help') || rest.includes('-h')) return { help: helpText(first) };
  const spec: CommandSpec = commands[first];
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: Object.fromEntries(Object.entries(spec.options).map(([k, o]) => [k, { type: o.type }])),
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  const { min, max } = spec.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max)
    throw new UsageError(`usage: chargeplane ${spec.usage}`);
  return { command: first, flags: parsed.values, positionals: parsed.positionals };
}

/** A flag's string value, or a UsageError naming it. */
export function required(flags: ParsedCommand['flags'], name: string, what: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required: ${what}`);
  return value;
}

export const optional = (flags: ParsedCommand['flags'], name: string): string | undefined => {
  const value = flags[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

import { parseArgs } from 'node:util';
import { z } from 'zod';
import { simulatorOptionsSchema, type SimulatorOptions } from '../simulator-options.js';

// Flags → SimulatorOptions: node:util parseArgs finds the flags (unknown ones are an error), then zod turns
// the strings into typed values with one message per problem. Reading --passwords-file is injected so the
// parsing stays testable without a file system.

export type CliResult =
  { kind: 'help' } | { kind: 'run'; options: SimulatorOptions } | { kind: 'error'; message: string };

const flags = {
  url: { type: 'string' },
  id: { type: 'string' },
  password: { type: 'string' },
  'passwords-file': { type: 'string' },
  'call-timeout': { type: 'string' },
  'answer-delay': { type: 'string', multiple: true },
  count: { type: 'string' },
  'id-prefix': { type: 'string' },
  'start-index': { type: 'string' },
  'connect-rate': { type: 'string' },
  sessions: { type: 'boolean' },
  'session-minutes': { type: 'string' },
  'idle-minutes': { type: 'string' },
  model: { type: 'string' },
  firmware: { type: 'string' },
  'commercial-mode': { type: 'string' },
  jurisdiction: { type: 'string' },
  connectors: { type: 'string' },
  'clock-speed': { type: 'string' },
  'sim-start': { type: 'string' },
  seed: { type: 'string' },
  'state-dir': { type: 'string' },
  'control-port': { type: 'string' },
  'control-host': { type: 'string' },
  'summary-every': { type: 'string' },
  duration: { type: 'string' },
  report: { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const number = z.string().trim().min(1).pipe(z.coerce.number());
const onOff = z.enum(['on', 'off']).transform((v) => v === 'on');
const jurisdiction = z.enum(['GB', 'none']).transform((v) => (v === 'none' ? null : v));

type Values = ReturnType<typeof parseArgs<{ options: typeof flags }>>['values'];

function optional<T>(value: string | undefined, schema: z.ZodType<T>, flag: string): T | undefined {
  if (value === undefined) return undefined;
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new CliError(
      `--${flag}: ${JSON.stringify(value)} is not valid (${parsed.error.issues[0]?.message ?? 'invalid'})`,
    );
  return parsed.data;
}

class CliError extends Error {}

const passwordsFile = z.record(z.string(), z.string());

/** `--answer-delay GetCompositeSchedule=50` (repeatable): simulated seconds per action. */
function answerDelays(values: string[] | undefined): Record<string, number> | undefined {
  if (values === undefined) return undefined;
  return Object.fromEntries(
    values.map((value) => {
      const match = /^([A-Za-z]+)=(\d+(?:\.\d+)?)$/.exec(value.trim());
      if (!match) throw new CliError(`--answer-delay: ${JSON.stringify(value)} is not ACTION=SECONDS`);
      return [match[1]!, Number(match[2])];
    }),
  );
}

function toInput(v: Values, readFile: (path: string) => string): Record<string, unknown> {
  let passwords: Record<string, string> | undefined;
  if (v['passwords-file'] !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFile(v['passwords-file']));
    } catch (error) {
      throw new CliError(`--passwords-file: cannot read ${v['passwords-file']} as JSON (${(error as Error).message})`);
    }
    const parsed = passwordsFile.safeParse(json);
    if (!parsed.success) throw new CliError('--passwords-file: expected a JSON object mapping charger id to password');
    passwords = parsed.data;
  }
  const input: Record<string, unknown> = {
    url: v.url,
    id: v.id,
    password: v.password,
    passwords,
    callTimeoutSeconds: optional(v['call-timeout'], number, 'call-timeout'),
    answerDelays: answerDelays(v['answer-delay']),
    count: optional(v.count, number, 'count'),
    idPrefix: v['id-prefix'],
    startIndex: optional(v['start-index'], number, 'start-index'),
    connectRate: optional(v['connect-rate'], number, 'connect-rate'),
    sessions: v.sessions,
    sessionMinutes: optional(v['session-minutes'], number, 'session-minutes'),
    idleMinutes: optional(v['idle-minutes'], number, 'idle-minutes'),
    model: v.model,
    firmware: v.firmware,
    commercialMode: optional(v['commercial-mode'], onOff, 'commercial-mode'),
    jurisdiction: optional(v.jurisdiction, jurisdiction, 'jurisdiction'),
    connectors: optional(v.connectors, number, 'connectors'),
    clockSpeed: optional(v['clock-speed'], number, 'clock-speed'),
    simStart: v['sim-start'],
    seed: v.seed,
    stateDir: v['state-dir'],
    controlPort: optional(v['control-port'], number, 'control-port'),
    controlHost: v['control-host'],
    summaryEvery: optional(v['summary-every'], number, 'summary-every'),
    duration: optional(v.duration, number, 'duration'),
    report: v.report,
    logLevel: v['log-level'],
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

// Option keys back to the flag a user typed, for error messages.
const flagOf = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const flagNames: Record<string, string> = {
  callTimeoutSeconds: '--call-timeout',
  passwords: '--passwords-file',
  answerDelays: '--answer-delay',
};

export function parseCli(argv: string[], readFile: (path: string) => string): CliResult {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: flags, strict: true, allowPositionals: true });
    if (values.help) return { kind: 'help' };
    if (positionals.length > 0)
      return { kind: 'error', message: `unexpected argument ${JSON.stringify(positionals[0])}` };
    const parsed = simulatorOptionsSchema.safeParse(toInput(values, readFile));
    if (parsed.success) return { kind: 'run', options: parsed.data };
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '');
    const flag = key === '' ? '' : `${flagNames[key] ?? flagOf(key)}: `;
    return { kind: 'error', message: `${flag}${issue?.message ?? 'invalid flags'}` };
  } catch (error) {
    if (error instanceof CliError) return { kind: 'error', message: error.message };
    if (error instanceof TypeError && 'code' in error) return { kind: 'error', message: error.message };
    throw error;
  }
}

import { z } from 'zod';

// What a simulator run is: the CLI's flags after parsing, and the input of `startSimulator` for tests.
// Parsed once, strictly; defaults live here and nowhere else.

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export const simulatorOptionsSchema = z
  .strictObject({
    /** Central System endpoint; each charger connects to `${url}/${percent-encoded id}`. */
    url: z.url({ protocol: /^wss?$/ }),
    /** One charger with this identity (mutually exclusive with `count`). */
    id: z.string().min(1).max(48).optional(),
    /** Fleet size; ids are `${idPrefix}${index padded to 4+ digits}`. */
    count: z.int().min(1).max(100_000).optional(),
    idPrefix: z.string().max(40).default('ZAPPI-'),
    startIndex: z.int().min(0).default(1),
    /** Connections started per second (fleet ramp-up). */
    connectRate: z.number().positive().default(200),
    password: z.string().optional(),
    /** Per-charger passwords (id → password); falls back to `password`. */
    passwords: z.record(z.string(), z.string()).optional(),
    model: z.enum(['zappi', 'generic-ocpp16']).default('zappi'),
    firmware: z.string().min(1).max(50).optional(),
    commercialMode: z.boolean().optional(),
    jurisdiction: z.enum(['GB']).nullable().default(null),
    connectors: z.int().min(1).max(8).optional(),
    /** Simulated seconds per real second. */
    clockSpeed: z.number().positive().max(1_000_000).default(1),
    /** Simulated time at start (ISO 8601); default: the wall clock at start. */
    simStart: z.iso.datetime({ offset: true }).optional(),
    /** Seed of every random draw; default: crypto randomness. */
    seed: z.string().min(1).optional(),
    stateDir: z.string().min(1).optional(),
    /** Control/audit HTTP API port (0 = any free port); absent = no API. */
    controlPort: z.int().min(0).max(65_535).optional(),
    controlHost: z.string().default('127.0.0.1'),
    sessions: z.boolean().default(false),
    sessionMinutes: z.number().positive().default(90),
    idleMinutes: z.number().positive().default(120),
    /** Summary line period on stderr, real seconds (0 = off); default 5 in fleet mode, off for one charger. */
    summaryEvery: z.number().min(0).optional(),
    /** Stop after this many real seconds. */
    duration: z.number().positive().optional(),
    /** Final report file (default stdout). */
    report: z.string().min(1).optional(),
    logLevel: logLevel.optional(),
    callTimeoutSeconds: z.number().positive().default(30),
    /**
     * Simulated seconds the charger takes to answer a Central System call, per action (a device behind a slow
     * cloud): the call takes effect on receipt, its answer leaves this much later.
     */
    answerDelays: z.record(z.string().min(1), z.number().min(0).max(3600)).default({}),
    /** Real ms between a Reset/restart and the reconnect. */
    rebootDelayMs: z.int().min(0).default(500),
  })
  .refine((o) => o.id === undefined || o.count === undefined || o.count === 1, {
    message: 'give either an id (one charger) or a count (fleet), not both',
    path: ['count'],
  })
  .refine((o) => o.id !== undefined || o.count !== undefined, {
    message: 'give an id (one charger) or a count (fleet)',
    path: ['id'],
  });

export type SimulatorOptionsInput = z.input<typeof simulatorOptionsSchema>;
export type SimulatorOptions = z.output<typeof simulatorOptionsSchema>;

export function isFleet(options: SimulatorOptions): boolean {
  return options.id === undefined;
}

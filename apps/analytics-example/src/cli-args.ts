import { z } from 'zod';

export const usage = `analytics-example: writes per charger per hour, rejection rates by reason and slots used, from chargeplane.charger-events.v1

  --once              read what is on the topic now, print, exit (exit 1 if not caught up within --timeout)
  --json              print the aggregate as JSON (with --once: one document, for scripts and tests)
  --interval S        seconds between reports when running continuously (default 10)
  --brokers LIST      Kafka brokers (default: KAFKA_BROKERS, else 127.0.0.1:9092)
  --topic-prefix P    topic name prefix (default: KAFKA_TOPIC_PREFIX, else none)
  --group ID          consumer group (default: a fresh one, so the whole topic is read: the aggregate lives in memory)
  --timeout S         --once: give up after S seconds (default 120)`;

const Args = z.object({
  once: z.boolean(),
  json: z.boolean(),
  intervalSeconds: z.coerce.number().positive(),
  brokers: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'brokers are host:port')).min(1)),
  topicPrefix: z.string(),
  group: z.string().min(1),
  timeoutSeconds: z.coerce.number().positive(),
});
export type Args = z.infer<typeof Args>;

const valued: Record<string, keyof Args> = {
  '--interval': 'intervalSeconds',
  '--brokers': 'brokers',
  '--topic-prefix': 'topicPrefix',
  '--group': 'group',
  '--timeout': 'timeoutSeconds',
};

/** Parses the command line over defaults from the environment; throws with the usage on a bad argument. */
export function parseArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  freshGroup: string,
): Args {
  const raw: Record<string, unknown> = {
    once: false,
    json: false,
    intervalSeconds: '10',
    brokers: env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    topicPrefix: env['KAFKA_TOPIC_PREFIX'] ?? '',
    group: freshGroup,
    timeoutSeconds: '120',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--once' || arg === '--json') raw[arg.slice(2)] = true;
    else if (valued[arg] && argv[i + 1] !== undefined) raw[valued[arg]] = argv[++i];
    else throw new Error(`unexpected argument ${arg}\n\n${usage}`);
  }
  const parsed = Args.safeParse(raw);
  if (!parsed.success)
    throw new Error(`${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n\n${usage}`);
  return parsed.data;
}

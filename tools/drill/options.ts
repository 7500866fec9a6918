import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PLATFORM_APPS, type PlatformApp } from '@chargeplane/platform-testing';

/** `npm run drill -- --minutes M --chargers N --seed S [--clock-speed K] [--replicas 2|app=n,…]` */
export const DrillOptions = z.strictObject({
  minutes: z
    .number()
    .min(3, 'the drill needs at least 3 minutes to inject every fault kind')
    .max(24 * 60),
  chargers: z.int().min(4, 'at least 4 chargers (zappis, generic chargers and the slow one)').max(100_000),
  seed: z.string().min(1).max(100),
  clockSpeed: z.number().min(1).max(90, 'at most 90 (a simulated minute and a half per real second)'),
  replicas: z.record(z.enum(PLATFORM_APPS), z.int().min(1).max(8)),
  /** Longest wait after the fault phase for every charger to converge, real minutes. */
  settleMinutes: z.number().min(0.5).max(120),
  outDir: z.string().min(1),
  /** After a failed check, leave everything running (addresses in the log) until interrupted, for a person to look. */
  keepOnFailure: z.boolean(),
});
export type DrillOptions = z.infer<typeof DrillOptions>;

/** `2` (every service), or `2,device-twin=1` (a default and per-app counts). */
export function parseReplicas(text: string): Record<PlatformApp, number> {
  const counts = Object.fromEntries(PLATFORM_APPS.map((app) => [app, 2])) as Record<PlatformApp, number>;
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, value] = part.includes('=') ? part.split('=', 2) : [null, part];
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--replicas: "${part}" is not a replica count ≥ 1`);
    if (name === null) for (const app of PLATFORM_APPS) counts[app] = n;
    else if ((PLATFORM_APPS as readonly string[]).includes(name!)) counts[name as PlatformApp] = n;
    else throw new Error(`--replicas: no service "${name}" (services: ${PLATFORM_APPS.join(', ')})`);
  }
  return counts;
}

export function parseDrillArgs(argv: string[], defaults: { outDir: string; seed: string }): DrillOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      minutes: { type: 'string', default: '3' },
      chargers: { type: 'string', default: '12' },
      seed: { type: 'string', default: defaults.seed },
      'clock-speed': { type: 'string', default: '30' },
      replicas: { type: 'string', default: '2' },
      'settle-minutes': { type: 'string', default: '4' },
      out: { type: 'string', default: defaults.outDir },
      'keep-on-failure': { type: 'boolean', default: false },
    },
  });
  const parsed = DrillOptions.safeParse({
    minutes: Number(values.minutes),
    chargers: Number(values.chargers),
    seed: values.seed,
    clockSpeed: Number(values['clock-speed']),
    replicas: parseReplicas(values.replicas),
    settleMinutes: Number(values['settle-minutes']),
    outDir: values.out,
    keepOnFailure: values['keep-on-failure'],
  });
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
  }
  return parsed.data;
}

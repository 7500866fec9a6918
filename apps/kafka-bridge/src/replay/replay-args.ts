import { z } from 'zod';

/** What to republish: one charger's history or every charger of one tenant. */
export const ReplayArgs = z
  .object({
    charger: z.string().min(1).optional(),
    tenant: z.string().min(1).optional(),
    topicPrefix: z.string().optional(),
  })
  .refine((a) => (a.charger === undefined) !== (a.tenant === undefined), {
    message: 'give exactly one of --charger ID or --tenant ID',
  });
export type ReplayArgs = z.infer<typeof ReplayArgs>;

export const replayUsage = 'usage: npm run replay -- --charger ID | --tenant ID [--topic-prefix P]';

/** Parses `--charger ID | --tenant ID [--topic-prefix P]`; throws with the usage on anything else. */
export function parseReplayArgs(argv: readonly string[]): ReplayArgs {
  const flags: Record<string, string> = {};
  const names: Record<string, string> = {
    '--charger': 'charger',
    '--tenant': 'tenant',
    '--topic-prefix': 'topicPrefix',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const name = names[argv[i] ?? ''];
    const value = argv[i + 1];
    if (!name || value === undefined || value.startsWith('--'))
      throw new Error(`unexpected argument ${argv[i] ?? ''}; ${replayUsage}`);
    flags[name] = value;
  }
  const parsed = ReplayArgs.safeParse(flags);
  if (!parsed.success) throw new Error(`${parsed.error.issues.map((i) => i.message).join('; ')}; ${replayUsage}`);
  return parsed.data;
}

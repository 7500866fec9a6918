import { z } from 'zod';
import { requireSupportedNode } from './node-version.js';

/** Raised at boot when the environment does not satisfy an app's config schema; lists every problem. */
export class ConfigError extends Error {
  constructor(
    readonly app: string,
    readonly problems: readonly string[],
  ) {
    super(`${app}: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment once with the app's zod schema and returns a frozen, typed config.
 * Fails fast with every problem listed (variable name, what is wrong, what was given).
 */
export function loadConfig<S extends z.ZodType>(
  app: string,
  schema: S,
  env: Record<string, string | undefined>,
): Readonly<z.infer<S>> {
  requireSupportedNode();
  const result = schema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(environment)';
      const given = issue.path.length > 0 ? env[String(issue.path[0])] : undefined;
      return `${key}: ${issue.message}${given === undefined ? ' (not set)' : ` (given: ${JSON.stringify(given)})`}`;
    });
    throw new ConfigError(app, problems);
  }
  return Object.freeze(result.data);
}

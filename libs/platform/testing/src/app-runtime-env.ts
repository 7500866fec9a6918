import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The environment an app's process starts with: `base` plus the app's `deploy/<app>.env`, the file compose hands the
 * container (`env_file`). It holds what must be in place before the process exists and no config schema can set:
 * Node/V8 flags (`NODE_OPTIONS`, put before any the caller already has, so that a caller's flag overrides the file's:
 * V8 takes the last of a repeated flag) and glibc malloc tunables. No file → `base`.
 */
export function appRuntimeEnv(root: string, app: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const file = join(root, 'deploy', `${app}.env`);
  if (!existsSync(file)) return base;
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [name, value] of parseEnvFile(readFileSync(file, 'utf8'))) {
    env[name] = name === 'NODE_OPTIONS' && base[name] ? `${value} ${base[name]}` : value;
  }
  return env;
}

/** `NAME=value` lines as compose reads them; blank lines and `#` comments are skipped, values are taken verbatim. */
export function parseEnvFile(text: string): [string, string][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const eq = line.indexOf('=');
      if (eq <= 0) throw new Error(`not a NAME=value line: ${line}`);
      return [line.slice(0, eq), line.slice(eq + 1)];
    });
}

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { asyncApiDocument } from './asyncapi-document.js';
import { Catalog, type ContractSet, type JsonSchema } from './contract-files.js';

/** The committed contract set in `dir` (empty when nothing was generated yet). */
export function readCommitted(dir: string): ContractSet {
  const catalogPath = join(dir, 'catalog.json');
  if (!existsSync(catalogPath)) return { catalog: [], schemas: new Map() };
  const catalog = Catalog.parse(JSON.parse(readFileSync(catalogPath, 'utf8')));
  const schemas = new Map<string, JsonSchema>();
  for (const e of catalog) {
    const path = join(dir, e.file);
    if (existsSync(path)) schemas.set(e.file, JSON.parse(readFileSync(path, 'utf8')) as JsonSchema);
  }
  return { catalog, schemas };
}

/** Every generated file by path relative to `dir`, formatted the way `prettier --check` expects. */
export async function renderFiles(set: ContractSet, configPath: string): Promise<Map<string, string>> {
  // prettier is a devDependency: loaded only by this command, never by the bridge.
  const prettier = await import('prettier');
  const options = { ...((await prettier.resolveConfig(configPath)) ?? {}), parser: 'json' };
  const files = new Map<string, unknown>([
    ['catalog.json', set.catalog],
    ['asyncapi.json', asyncApiDocument(set)],
    ...[...set.schemas].map(([file, schema]): [string, unknown] => [file, schema]),
  ]);
  const rendered = new Map<string, string>();
  for (const [file, value] of files) rendered.set(file, await prettier.format(JSON.stringify(value, null, 2), options));
  return rendered;
}

/** Files whose content on disk differs from `wanted`, and generated-looking files on disk that are not wanted. */
export function driftOf(dir: string, wanted: Map<string, string>): string[] {
  const differing = [...wanted]
    .filter(([file, text]) => !existsSync(join(dir, file)) || readFileSync(join(dir, file), 'utf8') !== text)
    .map(([f]) => f);
  const schemaDir = join(dir, 'json-schema');
  const extra = existsSync(schemaDir)
    ? readdirSync(schemaDir)
        .map((f) => `json-schema/${f}`)
        .filter((f) => !wanted.has(f))
        .map((f) => `${f} (not generated)`)
    : [];
  return [...differing, ...extra].sort();
}

export function writeFiles(dir: string, files: Map<string, string>): number {
  let written = 0;
  for (const [file, text] of files) {
    const path = join(dir, file);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    written++;
  }
  return written;
}

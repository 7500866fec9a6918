import type { JsonSchema } from './contract-files.js';

/** How version N+1 of a contract differs from version N, as read by a consumer built for N. */
export interface Compatibility {
  kind: 'identical' | 'additive' | 'breaking';
  /** One line per difference, with its JSON path. */
  changes: string[];
}

// Keywords that only document: changing them changes no valid record.
const DOCUMENTATION = new Set(['description', 'title', 'examples', '$comment', '$schema']);

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    isObject(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x,
  );

/**
 * Compares two JSON Schemas property by property. Additive: new optional properties only (a consumer of N
 * ignores them). Everything else is breaking: a property removed (or renamed: removed plus added), a new
 * required property, a property that became optional, any change of type, format, enum, const, pattern or
 * bound, any change inside a union. `schemaVersion` itself is expected to differ and is not compared.
 */
export function compareSchemas(before: JsonSchema, after: JsonSchema): Compatibility {
  const changes: { path: string; breaking: boolean; what: string }[] = [];
  walk(before, after, '$', changes, true);
  const breaking = changes.filter((c) => c.breaking);
  const kind = changes.length === 0 ? 'identical' : breaking.length > 0 ? 'breaking' : 'additive';
  return { kind, changes: changes.map((c) => `${c.breaking ? 'breaking' : 'additive'}: ${c.path} ${c.what}`) };
}

function walk(
  a: JsonSchema,
  b: JsonSchema,
  path: string,
  out: { path: string; breaking: boolean; what: string }[],
  root: boolean,
): void {
  const aProps = isObject(a['properties']) ? a['properties'] : null;
  const bProps = isObject(b['properties']) ? b['properties'] : null;
  const keywords = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keywords) {
    if (DOCUMENTATION.has(k) || k === 'properties' || k === 'required') continue;
    if (stable(a[k]) !== stable(b[k])) out.push({ path, breaking: true, what: `changed "${k}"` });
  }
  if (!aProps || !bProps) {
    if (aProps !== bProps) out.push({ path, breaking: true, what: 'changed between object and non-object' });
    return;
  }
  const aRequired = new Set(Array.isArray(a['required']) ? (a['required'] as string[]) : []);
  const bRequired = new Set(Array.isArray(b['required']) ? (b['required'] as string[]) : []);
  for (const name of Object.keys(aProps)) {
    const at = `${path}.${name}`;
    const next = bProps[name];
    if (root && name === 'schemaVersion') continue;
    if (!isObject(next)) {
      out.push({ path: at, breaking: true, what: 'removed (or renamed)' });
      continue;
    }
    if (aRequired.has(name) && !bRequired.has(name)) out.push({ path: at, breaking: true, what: 'became optional' });
    if (!aRequired.has(name) && bRequired.has(name)) out.push({ path: at, breaking: true, what: 'became required' });
    const prev = aProps[name];
    if (isObject(prev)) walk(prev, next, at, out, false);
  }
  for (const name of Object.keys(bProps)) {
    if (name in aProps) continue;
    const required = bRequired.has(name);
    out.push({
      path: `${path}.${name}`,
      breaking: required,
      what: required ? 'added as required' : 'added as optional',
    });
  }
}

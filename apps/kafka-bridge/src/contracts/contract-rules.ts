import type { CatalogEntry, ContractSet } from './contract-files.js';
import { compareSchemas } from './schema-compat.js';

/**
 * The evolution rules of the public contracts (docs/contracts/README.md), checked on the generated set
 * against the committed one:
 * 1. A published version is frozen: its schema and its topic never change, and it is never removed.
 * 2. Versions of a type are 1, 2, 3… without gaps.
 * 3. Version N+1 on the same topic as N may only add optional fields (consumers of N keep reading it).
 *    Anything else (removed, renamed or retyped field, new required field…) needs a new version *and* a
 *    new topic, so consumers of the old topic are never handed a shape they cannot read.
 * Returns one message per violation; empty when the change may be published.
 */
export function contractViolations(committed: ContractSet, generated: ContractSet): string[] {
  return [...frozenViolations(committed, generated), ...evolutionViolations(generated)];
}

const label = (e: Pick<CatalogEntry, 'name' | 'schemaVersion'>) => `${e.name} v${e.schemaVersion}`;

function frozenViolations(committed: ContractSet, generated: ContractSet): string[] {
  const problems: string[] = [];
  for (const old of committed.catalog) {
    const now = generated.catalog.find((e) => e.name === old.name && e.schemaVersion === old.schemaVersion);
    if (!now) {
      problems.push(`${label(old)} was published and is gone: published versions are never removed`);
      continue;
    }
    if (now.topic !== old.topic)
      problems.push(`${label(old)} moved from ${old.topic} to ${now.topic}: a published version keeps its topic`);
    const before = committed.schemas.get(old.file);
    const after = generated.schemas.get(now.file);
    if (!before || !after) continue;
    const diff = compareSchemas(before, after);
    // Documentation (descriptions, titles) may be improved: no record becomes valid or invalid by it.
    if (diff.kind === 'identical') continue;
    problems.push(
      `${label(old)} is frozen but its schema changed (${diff.changes.join('; ')}): keep its file as it was and add version ${old.schemaVersion + 1} in a new file`,
    );
  }
  return problems;
}

function evolutionViolations(generated: ContractSet): string[] {
  const problems: string[] = [];
  const byName = new Map<string, CatalogEntry[]>();
  for (const e of generated.catalog) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  for (const [name, entries] of byName) {
    const versions = entries.map((e) => e.schemaVersion).sort((a, b) => a - b);
    if (new Set(versions).size !== versions.length) problems.push(`${name} lists a version twice`);
    if (versions.some((v, i) => v !== i + 1))
      problems.push(`${name} versions must be 1, 2, 3… without gaps (found ${versions.join(', ')})`);
    const ordered = [...entries].sort((a, b) => a.schemaVersion - b.schemaVersion);
    for (let i = 1; i < ordered.length; i++) {
      const prev = ordered[i - 1]!;
      const next = ordered[i]!;
      const before = generated.schemas.get(prev.file);
      const after = generated.schemas.get(next.file);
      if (!before || !after) continue;
      const diff = compareSchemas(before, after);
      if (diff.kind === 'breaking' && next.topic === prev.topic) {
        problems.push(
          `${label(next)} breaks ${label(prev)} on ${next.topic} (${diff.changes.filter((c) => c.startsWith('breaking')).join('; ')}): publish it on a new topic (…v2), or make the change additive`,
        );
      }
    }
  }
  return problems;
}

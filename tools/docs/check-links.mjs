// `npm test` step "docs references": no tracked file refers outside the repository, and every domain rule id a
// code comment cites (Z7, Q4, V21, F5, the ledger's L ids, §3.5, docs/domain/ocpp16.md §3.11) is defined under docs/.
// Usage: node tools/docs/check-links.mjs   (exit 1 with one line per problem)
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { citationsIn, commentsOf, definedIds, linksLeavingRepo, outsideReferences } from './doc-refs.mjs';

const root = new URL('../../', import.meta.url).pathname;
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((f) => f && existsSync(join(root, f)));
const read = (f) => readFileSync(join(root, f), 'utf8');

const TEXT =
  /\.(ts|mts|cts|js|mjs|cjs|json|md|sh|ya?ml|env|properties|xml|txt)$|(^|\/)(Dockerfile[^/]*|\.[\w-]+ignore)$/;
const SKIP = /(^|\/)package-lock\.json$/;
const CODE = { js: /\.(ts|mts|cts|js|mjs|cjs)$/, hash: /\.(sh|ya?ml|env|properties)$|(^|\/)Dockerfile[^/]*$/ };

const problems = [];
const warnings = [];

for (const file of tracked.filter((f) => TEXT.test(f) && !SKIP.test(f))) {
  const text = read(file);
  for (const hit of outsideReferences(text)) {
    problems.push(`${file}:${hit.line}: refers outside the repository ("${hit.text}"); cite docs/ instead`);
  }
  if (file.endsWith('.md')) {
    for (const target of linksLeavingRepo(text, file)) problems.push(`${file}: link leaves the repository: ${target}`);
  }
}

const pages = tracked.filter((f) => f.startsWith('docs/') && f.endsWith('.md'));
const definedBy = new Map(pages.map((p) => [p, definedIds(read(p))]));
const domainIds = new Set(pages.filter((p) => p.startsWith('docs/domain/')).flatMap((p) => [...definedBy.get(p)]));

for (const file of tracked) {
  const kind = CODE.js.test(file) ? 'js' : CODE.hash.test(file) ? 'hash' : null;
  if (!kind || file.includes('/generated/')) continue;
  const { rules, sections } = citationsIn(commentsOf(read(file), kind));
  for (const id of new Set(rules)) {
    if (!domainIds.has(id)) problems.push(`${file}: cites ${id}, which no page under docs/domain/ defines`);
  }
  for (const { id, page } of sections) {
    if (page === null) {
      if (!domainIds.has(id)) problems.push(`${file}: cites ${id}, which no page under docs/domain/ defines`);
    } else if (!definedBy.has(page)) {
      warnings.push(`${file}: cites ${page} ${id}, and ${page} is not in the repository (yet)`);
    } else if (!definedBy.get(page).has(id)) {
      problems.push(`${file}: cites ${page} ${id}, which that page does not define`);
    }
  }
}

for (const w of [...new Set(warnings)]) console.warn(`warning: ${w}`);
if (problems.length > 0) {
  for (const p of [...new Set(problems)]) console.error(p);
  console.error(
    `${problems.length} documentation reference problem(s); docs/domain/README.md (Conventions) says how a page defines an id`,
  );
  process.exit(1);
}
console.log(`docs references: ${tracked.length} tracked files checked, ${domainIds.size} domain ids defined`);

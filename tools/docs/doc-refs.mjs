// Pure helpers of the docs check (check-links.mjs): what a file cites, what docs/ defines, what points outside.

/** Rule ids code comments cite: zappi facts, open questions, validation rules, field failures, ledger rules (`Z17a`: a rule added beside `Z17`). */
const RULE_ID = /\b([ZQVFLDG])(\d{1,2}[a-z]?)\b/g;
/** A section id of docs/ (`§3.5`), unless the words before it name an OCA document (`Spec §3.13`, `OCPP-J §4.1.1`). */
const SECTION_ID = /§(\d+(?:\.\d+)*)/g;
const OCA_DOCUMENT_BEFORE = /(?:Spec|OCPP(?:-J)?(?: 1\.6J?)?|[Ee]rrata|RFC \d+)\s*$/;
/** A docs page named just before a section id (`docs/domain/ocpp16.md §3.5`). */
const PAGE_BEFORE = /(docs\/[\w./-]+\.md)\s*$/;

// Split so that this file does not match its own patterns.
const SHARED = ['..', '/shared'].join('');
const OUTSIDE = new RegExp(
  [
    `${SHARED.replace(/\./g, '\\.')}\\b`,
    ['', 'work', 'shared'].join('/') + '\\b',
    'SMART' + '-CHARGING',
    '\\b(?:ARCHITECTURE|STYLE|STACK)' + '\\.md\\b',
  ].join('|'),
  'g',
);

/** Lines of `text` that refer outside the repository (the old shared documents, or a path out of it). */
export function outsideReferences(text) {
  const found = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(OUTSIDE)) found.push({ line: i + 1, text: m[0] });
  });
  return found;
}

/** Relative Markdown link targets of a page at `pagePath` (repo-relative) that resolve outside the repository. */
export function linksLeavingRepo(markdown, pagePath) {
  const out = [];
  const depth = pagePath.split('/').length - 1;
  for (const m of markdown.matchAll(/\]\(([^)\s#]+)(?:#[^)\s]*)?\)/g)) {
    const target = m[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) continue;
    let level = depth;
    for (const part of target.split('/')) {
      if (part === '..') level -= 1;
      else if (part !== '.' && part !== '') level += 1;
      if (level < 0) {
        out.push(target);
        break;
      }
    }
  }
  return out;
}

/**
 * The comment text of a source file: `//` and `/* *\/` comments for TypeScript and JavaScript (strings, template
 * literals and regular-expression literals skipped), `#` comments for shell, YAML and env files.
 */
export function commentsOf(source, kind) {
  if (kind === 'hash') {
    return source
      .split('\n')
      .map((line) => {
        const at = line.search(/(^|\s)#/);
        return at < 0 ? '' : line.slice(at).replace(/^\s*#!?/, '');
      })
      .join('\n');
  }
  const out = [];
  let i = 0;
  let lastSignificant = '';
  const regexMayStart = () => lastSignificant === '' || /[(,=:[!&|?{};+\-*%<>~^]$/.test(lastSignificant);
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      out.push(source.slice(i + 2, end < 0 ? source.length : end));
      i = end < 0 ? source.length : end;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      out.push(source.slice(i + 2, end < 0 ? source.length : end));
      i = end < 0 ? source.length : end + 2;
    } else if (c === '"' || c === "'" || c === '`') {
      i = skipString(source, i, c);
      lastSignificant = 'x';
    } else if (c === '/' && regexMayStart()) {
      i = skipRegex(source, i);
      lastSignificant = 'x';
    } else {
      if (!/\s/.test(c)) lastSignificant = /[\w$)\]]/.test(c) ? 'x' : c;
      // `return /re/` and `typeof /re/`: a keyword before a slash starts a regular expression.
      if (/[\w$]/.test(c)) {
        const word = /^[\w$]+/.exec(source.slice(i))[0];
        lastSignificant = ['return', 'typeof', 'case', 'in', 'of', 'yield', 'await'].includes(word) ? '(' : 'x';
        i += word.length;
        continue;
      }
      i += 1;
    }
  }
  return out.join('\n');
}

function skipString(source, start, quote) {
  let i = start + 1;
  while (i < source.length && source[i] !== quote) {
    if (source[i] === '\\') i += 1;
    else if (quote !== '`' && source[i] === '\n') break;
    i += 1;
  }
  return i + 1;
}

function skipRegex(source, start) {
  let i = start + 1;
  let inClass = false;
  while (i < source.length && source[i] !== '\n') {
    const c = source[i];
    if (c === '\\') i += 1;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) break;
    i += 1;
  }
  return i + 1;
}

/** Rule ids (`Z7`) and docs section ids (`§3.5`, with the page when one is named) cited in comment text. */
export function citationsIn(comments) {
  const rules = [...comments.matchAll(RULE_ID)].map((m) => m[0]);
  const sections = [];
  for (const m of comments.matchAll(SECTION_ID)) {
    const before = comments.slice(Math.max(0, m.index - 60), m.index);
    if (OCA_DOCUMENT_BEFORE.test(before)) continue;
    sections.push({ id: `§${m[1]}`, page: PAGE_BEFORE.exec(before)?.[1] ?? null });
  }
  return { rules, sections };
}

/**
 * The ids a docs page defines: the first cell of a table row, the start of a heading, or the bold start of a list
 * item, optionally after an explicit anchor (`| <a id="z7"></a>Z7 |`, `## <a id="s3-5"></a>§3.5 …`, `- **L2 …**`).
 */
export function definedIds(markdown) {
  const ids = new Set();
  const anchor = String.raw`(?:<a id="[^"]*"><\/a>)?\s*\**`;
  const id = String.raw`([ZQVFLDG]\d{1,2}[a-z]?|§\d+(?:\.\d+)*)`;
  const row = new RegExp(String.raw`^\|\s*${anchor}${id}\**\s*\|`);
  const heading = new RegExp(String.raw`^#{1,6}\s+${anchor}${id}\b`);
  const item = new RegExp(String.raw`^[-*]\s+\*\*${id}\b`);
  for (const line of markdown.split('\n')) {
    const m = row.exec(line) ?? heading.exec(line) ?? item.exec(line);
    if (m) ids.add(m[1]);
  }
  return ids;
}

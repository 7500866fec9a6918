// Checks deploy/observability (the Prometheus alert rules and the Grafana dashboard) against the code: every metric
// they use must be one some service registers (a renamed metric fails CI), and every alert must have its section in
// docs/operations/runbook.md. Run by tools/k8s/check-manifests.mjs (a step of `npm test`) and its unit test.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

const PROMQL_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
  'and',
  'or',
  'unless',
  'inf',
  'nan',
]);
/** Series Prometheus makes itself, and those of prom-client's collectDefaultMetrics (not spelled in our code). */
const BUILT_IN = [/^up$/, /^scrape_/, /^process_/, /^nodejs_/];
const HISTOGRAM_SUFFIX = /_(bucket|count|sum)$/;

/** Every metric name a PromQL expression reads (functions, keywords, labels, strings and durations left out). */
export function metricNamesIn(expr) {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/(?<![A-Za-z0-9_:])\d[\d.]*(?:e[+-]?\d+)?[a-z]*/gi, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set();
  for (const match of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*(\s*\()?/g)) {
    const [token, call] = [match[0].replace(/\s*\($/, ''), match[1]];
    if (call || PROMQL_WORDS.has(token.toLowerCase()) || /^\$/.test(token)) continue;
    names.add(token);
  }
  return [...names];
}

/** The PromQL expressions of a Prometheus rule file: `{where, expr}` per rule. */
export function ruleExpressions(rules) {
  return (rules.groups ?? []).flatMap((group) =>
    (group.rules ?? []).map((rule) => ({ where: `rule ${rule.alert ?? rule.record}`, expr: String(rule.expr), rule })),
  );
}

/** The PromQL expressions of a Grafana dashboard's panels (rows' nested panels too). */
export function dashboardExpressions(dashboard) {
  const panels = (dashboard.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
  return panels.flatMap((panel) =>
    (panel.targets ?? []).filter((t) => t.expr).map((t) => ({ where: `panel "${panel.title}"`, expr: t.expr })),
  );
}

/** The string literals of the source files that use prom-client: every metric name the code can register. */
export function registeredNames(root, dirs = ['apps', 'libs']) {
  const names = new Set();
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', 'dist', 'test'].includes(entry.name)) visit(path);
      } else if (/\.ts$/.test(entry.name) && !/\.(spec|spec-support)\.ts$/.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        if (!text.includes("from 'prom-client'") && !text.includes('name: METRIC')) continue;
        for (const m of text.matchAll(/'([a-z][a-z0-9_]*)'/g)) names.add(m[1]);
      }
    }
  };
  for (const dir of dirs) visit(join(root, dir));
  return names;
}

/** `name  # why` lines: metrics other work registers, allowed until it has landed. */
export function parsePending(text) {
  return new Map(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => {
        const [name, ...why] = line.split('#');
        return [name.trim(), why.join('#').trim()];
      }),
  );
}

/** GitHub's anchor for a Markdown heading. */
export function anchorOf(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** Problems of the alert rules and the dashboard against the registered metrics and the runbook. */
export function observabilityProblems({ rules, dashboard, registered, pending = new Map(), runbook }) {
  const problems = [];
  const known = (name) =>
    registered.has(name) ||
    BUILT_IN.some((re) => re.test(name)) ||
    (HISTOGRAM_SUFFIX.test(name) && registered.has(name.replace(HISTOGRAM_SUFFIX, '')));
  const used = new Set();
  for (const { where, expr } of [...ruleExpressions(rules), ...dashboardExpressions(dashboard)]) {
    for (const name of metricNamesIn(expr)) {
      used.add(name);
      if (known(name)) continue;
      if (!pending.has(name)) problems.push(`${where}: metric ${name} is not registered by any service`);
    }
  }
  for (const name of pending.keys()) {
    if (known(name)) problems.push(`pending metric ${name} is registered now: remove it from pending-metrics.txt`);
    else if (!used.has(name)) problems.push(`pending metric ${name} is used by no rule or panel: remove it`);
  }
  const anchors = new Set([...runbook.matchAll(/^#+\s+(.+)$/gm)].map((m) => anchorOf(m[1])));
  for (const { rule } of ruleExpressions(rules)) {
    if (!rule.alert) continue;
    const link = String(rule.annotations?.runbook ?? '');
    const anchor = link.split('#')[1];
    if (!link.startsWith('docs/operations/runbook.md#') || !anchor)
      problems.push(`rule ${rule.alert}: annotations.runbook must link docs/operations/runbook.md#<section>`);
    else if (!anchors.has(anchor)) problems.push(`rule ${rule.alert}: the runbook has no section #${anchor}`);
  }
  return problems;
}

/** The check on the repository's files. */
export function checkObservability(root) {
  const dir = join(root, 'deploy/observability');
  const problems = observabilityProblems({
    rules: parse(readFileSync(join(dir, 'alert-rules.yaml'), 'utf8')),
    dashboard: JSON.parse(readFileSync(join(dir, 'grafana-dashboard.json'), 'utf8')),
    registered: registeredNames(root),
    pending: parsePending(readFileSync(join(dir, 'pending-metrics.txt'), 'utf8')),
    runbook: readFileSync(join(root, 'docs/operations/runbook.md'), 'utf8'),
  });
  return problems.map((p) => `${relative(root, dir)}: ${p}`);
}

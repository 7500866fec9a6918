import { checkObservability, metricNamesIn, observabilityProblems } from './metric-references.mjs';

const root = new URL('../../', import.meta.url).pathname;
const rule = (alert: string, expr: string, anchor = alert.toLowerCase()) => ({
  alert,
  expr,
  annotations: { runbook: `docs/operations/runbook.md#${anchor}` },
});
const input = (expr: string, extra: Partial<Parameters<typeof observabilityProblems>[0]> = {}) => ({
  rules: { groups: [{ name: 'g', rules: [rule('SomethingLate', expr)] }] },
  dashboard: { panels: [{ title: 'Lag', targets: [{ expr: 'max(thing_seconds_behind)' }] }] },
  registered: new Set(['thing_seconds_behind', 'thing_duration_seconds', 'thing_errors_total']),
  runbook: '# Runbook\n\n### SomethingLate\n\nWhat to do.\n',
  ...extra,
});

describe('metric references of the alert rules and the dashboard', () => {
  it('finds nothing wrong in deploy/observability: every metric registered, every alert in the runbook', () => {
    expect(checkObservability(root)).toEqual([]);
  });

  it('reads the metric names of PromQL, not its functions, labels, strings, numbers or durations', () => {
    expect(
      metricNamesIn(
        'sum by (status) (rate(a_count{status=~"5..", x="y_z"}[5m])) / clamp_min(sum(b_total offset 10m), 1e-9) > 0.02',
      ).sort(),
    ).toEqual(['a_count', 'b_total']);
    expect(metricNamesIn('histogram_quantile(0.99, sum by (le, route) (rate(h_bucket[$__rate_interval])))')).toEqual([
      'h_bucket',
    ]);
  });

  it('accepts registered names, a histogram’s series and Prometheus’ own', () => {
    const expr = 'rate(thing_duration_seconds_bucket[5m]) + thing_errors_total + up';
    expect(observabilityProblems(input(expr))).toEqual([]);
  });

  it('reports a metric no service registers (a renamed one), in a rule and in a panel', () => {
    const problems = observabilityProblems({
      ...input('rate(thing_error_total[5m]) > 0'),
      dashboard: { panels: [{ title: 'Row', panels: [{ title: 'Lag', targets: [{ expr: 'thing_behind' }] }] }] },
    });
    expect(problems).toEqual([
      'rule SomethingLate: metric thing_error_total is not registered by any service',
      'panel "Lag": metric thing_behind is not registered by any service',
    ]);
  });

  it('accepts a pending metric until it is registered, then asks for its removal; reports an unused one', () => {
    const pending = new Map([['dead_letters_total', 'other branch']]);
    expect(observabilityProblems(input('dead_letters_total > 0', { pending }))).toEqual([]);
    const registered = new Set(['thing_seconds_behind', 'dead_letters_total']);
    expect(observabilityProblems(input('dead_letters_total > 0', { pending, registered }))).toEqual([
      'pending metric dead_letters_total is registered now: remove it from pending-metrics.txt',
    ]);
    expect(observabilityProblems(input('thing_seconds_behind > 0', { pending }))).toEqual([
      'pending metric dead_letters_total is used by no rule or panel: remove it',
    ]);
  });

  it('reports an alert without its runbook section', () => {
    const problems = observabilityProblems({
      ...input('thing_seconds_behind > 60'),
      rules: { groups: [{ name: 'g', rules: [rule('SomethingElse', 'thing_seconds_behind > 60')] }] },
    });
    expect(problems).toEqual(['rule SomethingElse: the runbook has no section #somethingelse']);
  });
});

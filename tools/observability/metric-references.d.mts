export function metricNamesIn(expr: string): string[];
export function registeredNames(root: string, dirs?: string[]): Set<string>;
export function parsePending(text: string): Map<string, string>;
export function anchorOf(heading: string): string;
export function observabilityProblems(input: {
  rules: unknown;
  dashboard: unknown;
  registered: Set<string>;
  pending?: Map<string, string>;
  runbook: string;
}): string[];
export function checkObservability(root: string): string[];

export function composeViolations(compose: unknown): string[];

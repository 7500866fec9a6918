export type K8sObject = {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
} & Record<string, unknown>;
export const SCALABLE: string[];
export const PARTITIONED: string[];
export const EXTERNAL: string[];
export const SUPPLIED_SECRETS: string[];
export function parseEnvFile(text: string): Record<string, string>;
export function invariantViolations(
  objects: K8sObject[],
  options?: { appEnvs?: Record<string, Record<string, string>>; secretsAllowed?: boolean },
): string[];

import type { K8sObject } from './manifest-invariants.mjs';
export function schemaViolations(objects: K8sObject[]): Promise<string[]>;

import { topics } from '@chargeplane/contracts-api';
import { contractFileName, type PublicContract, type PublicTopicKey } from '@chargeplane/contracts-events';
import { z } from 'zod';

/** One row of docs/contracts/catalog.json: which contract is where, on which topic. */
export const CatalogEntry = z.object({
  name: z.string(),
  schemaVersion: z.number().int().positive(),
  topic: z.string(),
  file: z.string(),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;
export const Catalog = z.array(CatalogEntry);

export type JsonSchema = Record<string, unknown>;

/** Every topic key of the contracts names a topic of contracts-api (a key without a topic fails to compile). */
export const topicName: Readonly<Record<PublicTopicKey, string>> = topics;

/** The published form of every contract: its catalog row and its JSON Schema (draft-07, as AsyncAPI expects). */
export interface ContractSet {
  catalog: CatalogEntry[];
  /** JSON Schema by catalog `file`. */
  schemas: Map<string, JsonSchema>;
}

/**
 * JSON Schema of a public contract. `io: 'input'` describes what a valid record may contain, so the
 * schemas do not forbid additional properties: a validator built from version N accepts the optional
 * fields a version N+1 adds (the same tolerance the consumer kit has).
 */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as JsonSchema;
}

export function contractSetOf(contracts: readonly PublicContract[]): ContractSet {
  const catalog: CatalogEntry[] = [];
  const schemas = new Map<string, JsonSchema>();
  for (const c of contracts) {
    const file = `json-schema/${contractFileName(c)}.json`;
    catalog.push({ name: c.name, schemaVersion: c.schemaVersion, topic: topicName[c.topic], file });
    schemas.set(file, jsonSchemaOf(c.schema));
  }
  return { catalog, schemas };
}

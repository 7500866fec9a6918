import { topics } from '@chargeplane/contracts-api';
import { publicContracts, type PublicContract, type PublicTopicKey } from '@chargeplane/contracts-events';
import type { z } from 'zod';
import { publicUpcasters, type Upcaster } from './upcasters.js';

const topicName: Readonly<Record<PublicTopicKey, string>> = topics;

/** What a consumer knows of the public contracts: schemas per type and version, and upcasters. */
export class ContractRegistry {
  private readonly versions = new Map<string, Map<number, PublicContract>>();

  constructor(
    contracts: readonly PublicContract[],
    readonly upcasters: readonly Upcaster[],
  ) {
    for (const c of contracts) {
      const byVersion = this.versions.get(c.name) ?? new Map<number, PublicContract>();
      byVersion.set(c.schemaVersion, c);
      this.versions.set(c.name, byVersion);
    }
  }

  /** The contracts this build of the kit was compiled with. */
  static published(): ContractRegistry {
    return new ContractRegistry(publicContracts, publicUpcasters);
  }

  /** The newest version of `type` this consumer knows, with its schema; undefined for a type it does not know. */
  latest(type: string): { schemaVersion: number; schema: z.ZodType; topic: string } | undefined {
    const byVersion = this.versions.get(type);
    if (!byVersion) return undefined;
    const newest = byVersion.get(Math.max(...byVersion.keys()))!;
    return { schemaVersion: newest.schemaVersion, schema: newest.schema, topic: topicName[newest.topic] };
  }

  schemaOf(type: string, schemaVersion: number): z.ZodType | undefined {
    return this.versions.get(type)?.get(schemaVersion)?.schema;
  }
}

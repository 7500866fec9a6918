import { z } from 'zod';
import { CliConfig } from '../../apps/cli/src/config.schema.js';
import { ComplianceGbConfig } from '../../apps/compliance-gb/src/config.schema.js';
import { DeviceTwinConfig, TwinRebuildConfig } from '../../apps/device-twin/src/config.schema.js';
import { KafkaBridgeConfig } from '../../apps/kafka-bridge/src/config.schema.js';
import { EdgeConfigSchema } from '../../apps/ocpp-edge/src/config.schema.js';
import { ProfileCommandConfig } from '../../apps/profile-command/src/config.schema.js';
import { ProvisionConfig } from '../provision/config.schema.js';
import type { ConfigSection, ObjectSchema } from './render.js';

const jsonSchema = (schema: z.ZodType): ObjectSchema =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as ObjectSchema;

/** Every env schema an app or command parses at boot with `loadConfig`, in the order the reference lists them. */
export function configSections(): ConfigSection[] {
  return [
    {
      title: 'ocpp-edge',
      intro: 'The charger-facing WebSocket server (`apps/ocpp-edge/src/config.schema.ts`).',
      schema: jsonSchema(EdgeConfigSchema),
    },
    {
      title: 'profile-command',
      intro: 'The HTTP API and the command side (`apps/profile-command/src/config.schema.ts`).',
      schema: jsonSchema(ProfileCommandConfig),
    },
    {
      title: 'device-twin',
      intro: 'The twin projection (`apps/device-twin/src/config.schema.ts`, `DeviceTwinConfig`).',
      schema: jsonSchema(DeviceTwinConfig),
    },
    {
      title: 'npm run twin:rebuild',
      intro: 'The twin rebuild command (`apps/device-twin/src/config.schema.ts`, `TwinRebuildConfig`).',
      schema: jsonSchema(TwinRebuildConfig),
    },
    {
      title: 'compliance-gb',
      intro: 'The GB regulations service (`apps/compliance-gb/src/config.schema.ts`).',
      schema: jsonSchema(ComplianceGbConfig),
    },
    {
      title: 'npm run provision',
      intro: 'Database, migrations and JetStream streams, before the apps start (`tools/provision/config.schema.ts`).',
      schema: jsonSchema(ProvisionConfig),
    },
    {
      title: 'npm run cli',
      intro:
        'The operator CLI (`apps/cli/src/config.schema.ts`); its `--api-url` and `--api-key` flags take precedence.',
      schema: jsonSchema(CliConfig),
    },
    {
      title: 'kafka-bridge',
      intro: 'The JetStream → Kafka bridge (`apps/kafka-bridge/src/config.schema.ts`).',
      schema: jsonSchema(KafkaBridgeConfig),
    },
  ];
}

import { topics } from '@chargeplane/contracts-api';
import type { CatalogEntry, ContractSet, JsonSchema } from './contract-files.js';

const KAFKA_BINDING = '0.5.0';

const channelIdOf: Record<string, string> = {
  [topics.chargerEvents]: 'chargerEvents',
  [topics.telemetry]: 'telemetry',
  [topics.compliance]: 'compliance',
};

const channelText: Record<string, string> = {
  chargerEvents:
    "Every decision and fact of a charger's history: registration, connection, desired, dispatched, accepted, rejected and deferred profiles, transactions.",
  telemetry: 'Meter values and connector status, as chargers reported them.',
  compliance: 'The GB Smart Charge Points Regulations audit: randomised delays, off-peak defaults, policy changes.',
};

const messageIdOf = (e: CatalogEntry) => `${e.name}V${e.schemaVersion}`;

function headersOf(e: CatalogEntry): JsonSchema {
  return {
    type: 'object',
    required: ['type', 'schemaVersion', 'tenantId', 'eventId'],
    properties: {
      type: { type: 'string', const: e.name },
      schemaVersion: { type: 'string', const: String(e.schemaVersion) },
      tenantId: { type: 'string' },
      eventId: {
        type: 'string',
        description: 'The event id (also in the value): drop a record whose id you have already processed.',
      },
      replay: { type: 'string', const: 'true', description: 'Present on history republished by `npm run replay`.' },
    },
  };
}

/**
 * The AsyncAPI 3.0 document of the public topics: one channel per topic, one message per contract version,
 * each payload the contract's JSON Schema (draft-07). Generated: docs/contracts/asyncapi.json.
 */
export function asyncApiDocument(set: ContractSet): JsonSchema {
  const channels: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};
  const messages: Record<string, JsonSchema> = {};
  for (const e of set.catalog) {
    const channelId = channelIdOf[e.topic] ?? e.topic.replace(/[^A-Za-z0-9]+/g, '-');
    const schema = set.schemas.get(e.file) ?? {};
    const messageId = messageIdOf(e);
    messages[messageId] = {
      name: e.name,
      title: `${e.name} v${e.schemaVersion}`,
      ...(typeof schema['description'] === 'string' ? { summary: schema['description'] } : {}),
      contentType: 'application/json',
      headers: headersOf(e),
      payload: { schemaFormat: 'application/schema+json;version=draft-07', schema },
      bindings: {
        kafka: {
          key: { type: 'string', description: 'The charger id: one charger, one partition, in order.' },
          bindingVersion: KAFKA_BINDING,
        },
      },
    };
    const channel = (channels[channelId] ??= {
      address: e.topic,
      description: channelText[channelId] ?? `Events on ${e.topic}.`,
      messages: {},
      bindings: { kafka: { topic: e.topic, bindingVersion: KAFKA_BINDING } },
    }) as { messages: Record<string, JsonSchema> };
    channel.messages[messageId] = { $ref: `#/components/messages/${messageId}` };
    const operation = (operations[`receive-${channelId}`] ??= {
      action: 'receive',
      channel: { $ref: `#/channels/${channelId}` },
      summary: `Consume ${e.topic} (key = charger id; at-least-once, dedupe by event id).`,
      messages: [],
    }) as { messages: JsonSchema[] };
    operation.messages.push({ $ref: `#/channels/${channelId}/messages/${messageId}` });
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Chargeplane public events',
      version: '1.0.0',
      description:
        'Event streams for integrators and analytics, produced by kafka-bridge. Value = the event envelope as JSON. Headers: type, schemaVersion, tenantId, eventId (and replay). Generated from the zod contracts by `npm run contracts:generate`; do not edit.',
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The local Kafka 3.9 broker (deploy/local/kafka).',
      },
    },
    channels,
    operations,
    components: { messages },
  };
}

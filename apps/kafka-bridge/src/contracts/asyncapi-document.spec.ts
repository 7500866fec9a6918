import { publicContracts } from '@chargeplane/contracts-events';
import { topics } from '@chargeplane/contracts-api';
import { asyncApiDocument } from './asyncapi-document.js';
import { contractSetOf } from './contract-files.js';

type Doc = {
  asyncapi: string;
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  operations: Record<string, { action: string; channel: { $ref: string }; messages: { $ref: string }[] }>;
  components: {
    messages: Record<string, { payload: { schemaFormat: string; schema: { $schema: string } }; headers: object }>;
  };
};

const resolve = (doc: Doc, ref: string): unknown =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);

describe('The AsyncAPI document', () => {
  const doc = asyncApiDocument(contractSetOf(publicContracts)) as unknown as Doc;

  it('is AsyncAPI 3 with one channel per public topic', () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(
      Object.values(doc.channels)
        .map((c) => c.address)
        .sort(),
    ).toEqual(Object.values(topics).sort());
  });

  it('describes every contract version as a message with a draft-07 payload', () => {
    expect(Object.keys(doc.components.messages)).toHaveLength(publicContracts.length);
    for (const m of Object.values(doc.components.messages)) {
      expect(m.payload.schemaFormat).toBe('application/schema+json;version=draft-07');
      expect(m.payload.schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    }
  });

  it('has only references that resolve, operations pointing at their channel’s messages', () => {
    for (const channel of Object.values(doc.channels))
      for (const m of Object.values(channel.messages)) expect(resolve(doc, m.$ref)).toBeDefined();
    for (const op of Object.values(doc.operations)) {
      expect(op.action).toBe('receive');
      expect(resolve(doc, op.channel.$ref)).toBeDefined();
      for (const m of op.messages) {
        expect(m.$ref.startsWith(`${op.channel.$ref}/messages/`)).toBe(true);
        expect(resolve(doc, m.$ref)).toBeDefined();
      }
    }
  });
});

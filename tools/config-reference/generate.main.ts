import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { renderReference, undescribed } from './render.js';
import { configSections } from './sections.js';

// `npm run config:generate` writes docs/configuration.md from the apps' zod env schemas;
// `npm run config:check` (a `npm test` step) fails when the file differs from what the schemas give.
const HEADER = `# Configuration reference

Generated from the apps' zod env schemas by \`npm run config:generate\`; \`npm test\` fails when this file is out of
date (\`npm run config:check\`). Do not edit it by hand: change the schema (\`.describe(…)\` gives the description).

Every app parses its environment once at boot and, when a value is wrong or a required one is missing, exits listing
every problem at once (variable, what is wrong, what was given). The shared fields (\`NATS_URL\`, \`DATABASE_URL\`,
\`KAFKA_BROKERS\`, \`LOG_LEVEL\`, the clock) are defined once in \`libs/platform/config/src/env-fields.ts\`.
\`npm run replay\` reads kafka-bridge's
Kafka variables, \`DATABASE_URL\` and \`REPLAY_BATCH_SIZE\` (records per Kafka send, default 500).`;

async function main(): Promise<void> {
  const root = new URL('../../../', import.meta.url).pathname;
  const target = join(root, 'docs', 'configuration.md');
  const sections = configSections();
  const missing = undescribed(sections);
  if (missing.length > 0) {
    console.error(`variables without a description (add .describe(…) to the schema):\n  ${missing.join('\n  ')}`);
    process.exit(1);
  }
  const options = (await resolveConfig(target)) ?? {};
  const text = await format(renderReference(HEADER, sections), { ...options, filepath: target });
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      current = '';
    }
    if (current !== text) {
      console.error('docs/configuration.md is out of date: run npm run config:generate');
      process.exit(1);
    }
    console.log('docs/configuration.md is up to date');
    return;
  }
  writeFileSync(target, text);
  console.log(`wrote docs/configuration.md (${sections.length} sections)`);
}

await main();

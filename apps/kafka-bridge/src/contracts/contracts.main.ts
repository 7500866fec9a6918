import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { publicContracts } from '@chargeplane/contracts-events';
import { contractSetOf } from './contract-files.js';
import { contractViolations } from './contract-rules.js';
import { driftOf, readCommitted, renderFiles, writeFiles } from './contracts-files.io.js';

// `npm run contracts:generate`: writes the JSON Schemas, the catalog and the AsyncAPI document of the
// public Kafka contracts to docs/contracts/, refusing changes the evolution rules forbid.
// `npm run contracts:check` (CI): the same rules, plus: the committed files are exactly what would be generated.
async function main(args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length > 0) throw new Error(`unknown argument(s): ${unknown.join(' ')} (usage: contracts [--check])`);
  const root = resolve(process.cwd());
  if (!existsSync(join(root, 'nx.json'))) throw new Error('run from the repository root (npm run contracts:generate)');
  const dir = join(root, 'docs/contracts');
  const generated = contractSetOf(publicContracts);
  const violations = contractViolations(readCommitted(dir), generated);
  const files = await renderFiles(generated, join(dir, 'asyncapi.json'));
  for (const v of violations) console.error(`contracts: ${v}`);

  if (args.includes('--check')) {
    const drift = driftOf(dir, files);
    if (drift.length > 0)
      console.error(
        `contracts: docs/contracts is out of date; run npm run contracts:generate\n  ${drift.join('\n  ')}`,
      );
    if (violations.length > 0 || drift.length > 0) return 1;
    console.log(`contracts: ${generated.catalog.length} contracts, ${files.size} files up to date`);
    return 0;
  }
  if (violations.length > 0) {
    console.error('contracts: nothing written (see docs/contracts/README.md, "Changing a contract")');
    return 1;
  }
  const written = writeFiles(dir, files);
  console.log(
    `contracts: ${generated.catalog.length} contracts, ${written} of ${files.size} files written to docs/contracts`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`contracts: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);

#!/usr/bin/env node
// Generates the zod contracts for OCPP 1.6J from the OCA JSON schemas bundled in ocpp-rpc.
//   node tools/ocpp-codegen/generate.mjs          write libs/contracts/ocpp/src/generated/v16/
//   node tools/ocpp-codegen/generate.mjs --check  regenerate in memory; exit 1 and list the files that differ (CI)
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HEADER, buildFiles } from './build-files.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schemaPath = join(root, 'node_modules/ocpp-rpc/lib/schemas/ocpp1_6.json');
const outDir = join(root, 'libs/contracts/ocpp/src/generated/v16');

function onDisk() {
  if (!existsSync(outDir)) return new Map();
  return new Map(
    readdirSync(outDir)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => [name, readFileSync(join(outDir, name), 'utf8')]),
  );
}

function main(args) {
  const unknown = args.filter((arg) => arg !== '--check');
  if (unknown.length > 0) throw new Error(`unknown argument(s): ${unknown.join(' ')}`);
  const wanted = buildFiles(JSON.parse(readFileSync(schemaPath, 'utf8')));
  const current = onDisk();
  const rel = (name) => relative(root, join(outDir, name));

  if (args.includes('--check')) {
    const differing = [
      ...[...wanted].filter(([name, text]) => current.get(name) !== text).map(([name]) => rel(name)),
      ...[...current.keys()].filter((name) => !wanted.has(name)).map((name) => `${rel(name)} (not generated)`),
    ].sort();
    if (differing.length === 0) {
      console.log(`ocpp-codegen: ${wanted.size} files up to date`);
      return 0;
    }
    console.error(
      `ocpp-codegen: generated contracts are out of date; run npm run ocpp:generate\n  ${differing.join('\n  ')}`,
    );
    return 1;
  }

  mkdirSync(outDir, { recursive: true });
  // Only files carrying the generated header are ours to delete; anything else in the folder is reported, not removed.
  for (const [name, text] of current) {
    if (wanted.has(name)) continue;
    if (text.startsWith(HEADER)) rmSync(join(outDir, name));
    else console.warn(`ocpp-codegen: left ${rel(name)} alone (no generated header)`);
  }
  let written = 0;
  for (const [name, text] of wanted) {
    if (current.get(name) === text) continue;
    writeFileSync(join(outDir, name), text);
    written += 1;
  }
  console.log(`ocpp-codegen: ${wanted.size} files, ${written} written to ${relative(root, outDir)}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
}

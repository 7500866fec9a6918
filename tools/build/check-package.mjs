// CI check of a publishable library (`npm test` step): `npm pack --dry-run` in its folder succeeds (its prepack
// builds dist/), the packed file list holds the built entry and its types, the entry imports in plain Node with
// the exports integrators use, and the packed .d.ts files type-check on their own.
// Usage: node tools/build/check-package.mjs libs/bridge/consumer-kit EventStreamConsumer ContractRegistry …
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('../../', import.meta.url).pathname;
const [lib, ...expectedExports] = process.argv.slice(2);
if (!lib) {
  console.error('usage: node tools/build/check-package.mjs libs/<area>/<name> [export …]');
  process.exit(2);
}
const dir = join(root, lib);
const fail = (message) => {
  console.error(`${lib}: ${message}`);
  process.exit(1);
};

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const packed = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json'], { cwd: dir, encoding: 'utf8' }))[0];
const files = new Set(packed.files.map((f) => f.path));
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const entry = pkg.exports['.'];
for (const path of [entry.import, entry.types, pkg.main, pkg.types].map((p) => p.replace(/^\.\//, ''))) {
  if (!files.has(path)) fail(`the packed files lack ${path} (have ${[...files].slice(0, 8).join(', ')}…)`);
}
const leaked = [...files].filter((f) => /\.spec(-support)?\.|\.tsbuildinfo$/.test(f));
if (leaked.length > 0) fail(`test or build files are packed: ${leaked.join(', ')}`);

const module = await import(pathToFileURL(join(dir, entry.import)).href);
const missing = expectedExports.filter((name) => !(name in module));
if (missing.length > 0) fail(`the entry does not export ${missing.join(', ')}`);

// An integrator's file against the packed types: the typed handlers, the registry, the options (strict mode).
const probeDir = mkdtempSync(join(tmpdir(), 'package-types-'));
const probe = join(probeDir, 'consumer.ts');
writeFileSync(
  probe,
  readFileSync(join(root, 'tools/build/package-probe.ts.txt'), 'utf8').replace(
    "from 'ENTRY'",
    `from '${join(dir, entry.import)}'`,
  ),
);
try {
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/typescript/bin/tsc'),
      '--ignoreConfig',
      '--noEmit',
      '--strict',
      '--skipLibCheck', // third-party declarations are theirs to check; the probe's own errors still count
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2023',
      '--types',
      'node',
      '--typeRoots',
      join(root, 'node_modules/@types'),
      probe,
    ],
    { stdio: 'inherit' },
  );
} finally {
  rmSync(probeDir, { recursive: true, force: true });
}
console.log(
  `${pkg.name}@${pkg.version}: npm pack ok, ${files.size} files, ${Math.round(packed.size / 1024)} KB packed; ` +
    `entry and types present, ${expectedExports.length} exports checked, an integrator's file type-checks`,
);

// Builds a library of the workspace as a self-contained npm package (JS + .d.ts in <lib>/dist):
//   1. tsc -p <lib>/tsconfig.build.json compiles the library and the workspace libraries it imports
//      (contracts, platform-kafka…) into <lib>/dist, laid out as under libs/;
//   2. every `@chargeplane/<name>` import in the output becomes a relative path into dist (the path aliases of
//      tsconfig.base.json are a build-time convenience, not packages anyone can install);
//   3. dist/index.js and dist/index.d.ts re-export the library's own entry.
// Third-party imports (@platformatic/kafka, zod) stay as they are: the package declares them.
// Usage: node tools/build/package-lib.mjs libs/bridge/consumer-kit
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const lib = process.argv[2];
if (!lib || !lib.startsWith('libs/')) {
  console.error('usage: node tools/build/package-lib.mjs libs/<area>/<name>');
  process.exit(2);
}
const libDir = join(root, lib);
const dist = join(libDir, 'dist');
rmSync(dist, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(libDir, 'tsconfig.build.json')],
  {
    stdio: ['ignore', 2, 2], // stdout stays clean for `npm pack --json`, which runs this as prepack
  },
);

// dist mirrors libs/: libs/contracts/api/src/index.ts → dist/contracts/api/src/index.js
const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
const entryOf = (source) => join(dist, source.replace(/^\.\/libs\//, '').replace(/\.ts$/, '.js'));
const aliases = new Map(Object.entries(paths).map(([name, [source]]) => [name, entryOf(source)]));

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(js|d\.ts)$/.test(name)) yield path;
  }
}

const unresolved = [];
for (const file of files(dist)) {
  const text = readFileSync(file, 'utf8');
  const rewritten = text.replace(/(['"])(@chargeplane\/[a-z0-9-]+)\1/g, (whole, quote, name) => {
    const target = aliases.get(name);
    if (!target) {
      unresolved.push(`${relative(dist, file)}: ${name}`);
      return whole;
    }
    let path = relative(dirname(file), target);
    if (!path.startsWith('.')) path = `./${path}`;
    return `${quote}${path}${quote}`;
  });
  if (rewritten !== text) writeFileSync(file, rewritten);
}
if (unresolved.length > 0) {
  console.error(`imports with no path alias:\n  ${unresolved.join('\n  ')}`);
  process.exit(1);
}

const ownEntry = `./${relative(dist, entryOf(`./${lib}/src/index.ts`))}`;
writeFileSync(join(dist, 'index.js'), `export * from '${ownEntry}';\n`);
writeFileSync(join(dist, 'index.d.ts'), `export * from '${ownEntry}';\n`);
console.error(`${lib}: built dist/ (entry ${ownEntry})`);

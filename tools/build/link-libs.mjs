// After `tsc -p tsconfig.build.json`, make the compiled libraries importable by their package names at
// run time: dist/node_modules/@chargeplane/<name> re-exports dist/<lib>/src/index.js. Node finds
// dist/node_modules from any file under dist/, so the tsconfig path aliases need no rewriting.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
for (const [name, [source]] of Object.entries(paths)) {
  const dir = join(root, 'dist', 'node_modules', name);
  mkdirSync(dir, { recursive: true });
  const target = join(root, 'dist', source.replace(/\.ts$/, '.js'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, type: 'module', exports: './index.js' }) + '\n');
  writeFileSync(join(dir, 'index.js'), `export * from '${relative(dir, target)}';\n`);
}

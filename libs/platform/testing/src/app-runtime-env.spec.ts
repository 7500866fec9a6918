import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appRuntimeEnv, parseEnvFile } from './app-runtime-env.js';

describe('appRuntimeEnv', () => {
  function aRoot(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'app-runtime-env-'));
    mkdirSync(join(root, 'deploy'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'deploy', name), text);
    return root;
  }

  it("adds the app's deploy/<app>.env to the base environment, the caller's NODE_OPTIONS last (they override)", () => {
    const root = aRoot({ 'edge.env': '# why\n\nNODE_OPTIONS=--max-semi-space-size=4\nMALLOC_X=1\n' });
    expect(appRuntimeEnv(root, 'edge', { NODE_OPTIONS: '--max-semi-space-size=16', OTHER: 'kept' })).toEqual({
      NODE_OPTIONS: '--max-semi-space-size=4 --max-semi-space-size=16',
      MALLOC_X: '1',
      OTHER: 'kept',
    });
  });

  it('returns the base environment for an app without a file', () => {
    const base = { OTHER: 'kept' };
    expect(appRuntimeEnv(aRoot({}), 'edge', base)).toBe(base);
  });

  it('keeps values verbatim and refuses lines that are not NAME=value', () => {
    expect(parseEnvFile('A=b=c\n  B= spaced \n')).toEqual([
      ['A', 'b=c'],
      ['B', ' spaced'],
    ]);
    expect(() => parseEnvFile('no-equals-sign')).toThrow(/NAME=value/);
  });
});

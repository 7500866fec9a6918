import { execFileSync } from 'node:child_process';
import { ESLint } from 'eslint';

const root = new URL('../../', import.meta.url).pathname;

async function lint(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

// Each case builds an ESLint with the whole config (parsers, Nx's project graph): seconds of CPU, and on a shared,
// loaded machine more than the default 5 s (a CI run failed on it).
describe('Module boundaries (lint)', { timeout: 60_000 }, () => {
  beforeAll(() => {
    // The rule reads Nx's cached project graph; make sure it exists.
    execFileSync('npx', ['nx', 'show', 'projects'], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: 'false' },
      stdio: 'ignore',
    });
  }, 60_000);

  it('fail when a domain library imports @nestjs/common', async () => {
    const errors = await lint(
      'libs/charger/domain/src/boundary-probe.ts',
      "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n",
    );
    expect(errors.join('\n')).toMatch(/type:domain.*not allowed to import "@nestjs\/common"/);
  });

  it('fail when a contracts library imports a driver', async () => {
    const errors = await lint(
      'libs/contracts/api/src/boundary-probe.ts',
      "import pg from 'pg';\nexport const probe = pg;\n",
    );
    expect(errors).toHaveLength(1);
  });

  it("fail when one context imports another context's code", async () => {
    const errors = await lint(
      'libs/twin/domain/src/boundary-probe.ts',
      "import { decide } from '@chargeplane/charger-domain';\nexport const probe = decide;\n",
    );
    expect(errors.join('\n')).toMatch(/scope:twin/);
  });

  it('pass for a domain library importing zod and a shared contract', async () => {
    const errors = await lint(
      'libs/charger/domain/src/boundary-probe.ts',
      "import { z } from 'zod';\nimport { subjects } from '@chargeplane/contracts-api';\nexport const probe = [z, subjects];\n",
    );
    expect(errors).toEqual([]);
  });
});

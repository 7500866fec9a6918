import { autovacuumWarning, checkAutovacuum } from './autovacuum-check.js';

describe('autovacuum check at provisioning', () => {
  it('given autovacuum off, when provisioning checks, then it warns that events and outbox need VACUUM/ANALYZE', async () => {
    const warnings: string[] = [];
    const asked: string[] = [];
    await checkAutovacuum(
      async (sql) => {
        asked.push(sql);
        return [{ autovacuum: 'off' }];
      },
      (line) => warnings.push(line),
    );
    expect(asked).toEqual(['SHOW autovacuum']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('autovacuum off');
    expect(warnings[0]).toContain('events and outbox');
    expect(warnings[0]).toContain('VACUUM (ANALYZE)');
  });

  it('given autovacuum on, when provisioning checks, then it says nothing', async () => {
    const warnings: string[] = [];
    await checkAutovacuum(
      async () => [{ autovacuum: 'on' }],
      (line) => warnings.push(line),
    );
    expect(warnings).toEqual([]);
  });

  it('given the setting in any case or missing, when it is read, then only "off" warns', () => {
    expect(autovacuumWarning('OFF')).not.toBeNull();
    expect(autovacuumWarning('on')).toBeNull();
    expect(autovacuumWarning(undefined)).toBeNull();
  });
});

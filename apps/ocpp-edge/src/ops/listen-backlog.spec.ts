import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { effectiveBacklog, readSomaxconn } from './listen-backlog.js';

describe('listen backlog of the charger port', () => {
  it('given somaxconn below the requested backlog, when computed, then the kernel cap is used and reported', () => {
    expect(effectiveBacklog(65_535, 4_096)).toEqual({ backlog: 4_096, cappedBy: 4_096 });
  });

  it('given somaxconn at or above the request, when computed, then the request stands and nothing is reported', () => {
    expect(effectiveBacklog(4_096, 4_096)).toEqual({ backlog: 4_096, cappedBy: null });
    expect(effectiveBacklog(16_384, 65_535)).toEqual({ backlog: 16_384, cappedBy: null });
  });

  it('given no readable somaxconn (not Linux), when computed, then the request stands', () => {
    expect(effectiveBacklog(4_096, null)).toEqual({ backlog: 4_096, cappedBy: null });
  });

  it('reads the cap from the proc file and refuses what is not a positive integer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'somaxconn-'));
    const file = join(dir, 'somaxconn');
    writeFileSync(file, '8192\n');
    expect(readSomaxconn(file)).toBe(8_192);
    writeFileSync(file, 'many\n');
    expect(readSomaxconn(file)).toBeNull();
    expect(readSomaxconn(join(dir, 'missing'))).toBeNull();
  });
});

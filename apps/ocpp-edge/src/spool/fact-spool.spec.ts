import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChargerFact } from '@chargeplane/contracts-api';
import { CorruptSpoolEntryError, FactSpool, SpoolLockedError } from './fact-spool.js';

const receivedAt = new Date().toISOString();
function aFact(n: number): ChargerFact {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    context: { tenantId: 't', chargerId: 'CP-1', edgeId: 'e', connectionId: 'c', receivedAt, messageId: `m${n}` },
    action: 'MeterValues',
    request: { n },
    response: {},
  };
}
const entry = (n: number) => ({ subject: `ocpp.in.CP-1.MeterValues`, fact: aFact(n) });
const roomy = { maxMessages: 100, maxBytes: 1024 * 1024 };
const first = async (spool: FactSpool) => (await spool.oldest(1))[0];

describe('FactSpool', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fact-spool-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives facts back oldest first, across a restart, and counts its depth', async () => {
    const spool = await FactSpool.open(dir, roomy);
    expect(await Promise.all([1, 2, 3].map((n) => spool.append(entry(n))))).toEqual([true, true, true]);
    expect(spool.depth.messages).toBe(3);
    const head = await first(spool);
    if (head === undefined || head instanceof Error) throw new Error('no readable head');
    expect(head.entry.fact.request).toEqual({ n: 1 });
    await spool.remove(head.seq);
    await spool.close();

    const again = await FactSpool.open(dir, roomy);
    expect(again.depth.messages).toBe(2);
    expect(await again.append(entry(4))).toBe(true);
    const order: number[] = [];
    for (const h of await again.oldest(10)) {
      if (h instanceof Error) throw h;
      order.push(h.entry.fact.request['n'] as number);
      await again.remove(h.seq);
    }
    expect(order).toEqual([2, 3, 4]);
    expect(again.empty).toBe(true);
    await again.close();
  });

  it('refuses a fact beyond its message or byte limit and writes nothing for it', async () => {
    const byCount = await FactSpool.open(dir, { maxMessages: 2, maxBytes: 1024 * 1024 });
    expect(await Promise.all([1, 2, 3].map((n) => byCount.append(entry(n))))).toEqual([true, true, false]);
    expect((await readdir(dir)).filter((n) => n.endsWith('.fact'))).toHaveLength(2);
    await byCount.close();

    const other = await mkdtemp(join(tmpdir(), 'fact-spool-'));
    try {
      const byBytes = await FactSpool.open(other, { maxMessages: 100, maxBytes: 300 });
      expect(await byBytes.append(entry(1))).toBe(true);
      expect(await byBytes.append(entry(2))).toBe(false);
      await byBytes.close();
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('removes a crash’s unfinished write and moves an unreadable fact aside', async () => {
    await writeFile(join(dir, '0000000000000001.fact.tmp'), '{"subj');
    await writeFile(join(dir, '0000000000000002.fact'), 'not json');
    const spool = await FactSpool.open(dir, roomy);
    expect(spool.discarded).toEqual(['0000000000000001.fact.tmp']);
    const failure = await first(spool);
    expect(failure).toBeInstanceOf(CorruptSpoolEntryError);
    await spool.quarantine((failure as CorruptSpoolEntryError).seq);
    expect(spool.empty).toBe(true);
    expect(await readdir(dir)).toContain('0000000000000002.fact.corrupt');
    expect(await spool.append(entry(5))).toBe(true);
    expect((await first(spool))?.seq).toBe(3);
    await spool.close();
  });

  it('is held by one live process at a time', async () => {
    await writeFile(join(dir, 'spool.lock'), `${process.ppid}\n`);
    await expect(FactSpool.open(dir, roomy)).rejects.toThrow(SpoolLockedError);
  });
});

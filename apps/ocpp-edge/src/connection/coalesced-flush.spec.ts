import { setImmediate as nextTurn } from 'node:timers/promises';
import { CoalescedFlush } from './coalesced-flush.js';

describe('CoalescedFlush', () => {
  it('gives the callers of one turn a single flush, issued after the turn', async () => {
    const written: string[] = [];
    const flush = new CoalescedFlush(async () => {
      written.push('PING');
    });
    written.push('SUB a');
    const a = flush.run();
    written.push('SUB b');
    const b = flush.run();
    expect(written).toEqual(['SUB a', 'SUB b']);
    await Promise.all([a, b]);
    expect(written).toEqual(['SUB a', 'SUB b', 'PING']);
  });

  it('gives a caller that comes after the flush was issued a flush of its own', async () => {
    const written: string[] = [];
    let release: () => void = () => undefined;
    const flush = new CoalescedFlush(async () => {
      written.push('PING');
      await new Promise<void>((resolve) => (release = resolve));
    });
    const first = flush.run();
    await nextTurn();
    expect(written).toEqual(['PING']);
    written.push('SUB late');
    const late = flush.run();
    release();
    await first;
    await nextTurn();
    expect(written).toEqual(['PING', 'SUB late', 'PING']);
    release();
    await late;
  });

  it('passes a failed flush on to every caller that shared it', async () => {
    const flush = new CoalescedFlush(async () => {
      throw new Error('connection closed');
    });
    await expect(Promise.all([flush.run(), flush.run()])).rejects.toThrow('connection closed');
  });
});

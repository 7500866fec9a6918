import { AuthCache } from './auth-cache.js';

function aCache(ttlMs = 1_000, maxEntries = 10) {
  let now = 0;
  const loads: string[] = [];
  const answers = new Map<string, string | null | Error>();
  const cache = new AuthCache<string>(
    { ttlMs, maxEntries },
    () => now,
    async (key) => {
      loads.push(key);
      const answer = answers.get(key) ?? null;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  );
  return { cache, loads, answers, advance: (ms: number) => (now += ms) };
}

describe('AuthCache', () => {
  it('reuses a positive answer until its time is up', async () => {
    const { cache, loads, answers, advance } = aCache();
    answers.set('CP-1', 'hash-1');
    expect(await cache.get('CP-1')).toEqual({ value: 'hash-1', cached: false });
    advance(999);
    expect(await cache.get('CP-1')).toEqual({ value: 'hash-1', cached: true });
    answers.set('CP-1', 'hash-2');
    advance(1);
    expect(await cache.get('CP-1')).toEqual({ value: 'hash-2', cached: false });
    expect(loads).toEqual(['CP-1', 'CP-1']);
  });

  it('never keeps "not found" or errors', async () => {
    const { cache, loads, answers } = aCache();
    expect((await cache.get('CP-1')).value).toBeNull();
    answers.set('CP-1', new Error('down'));
    await expect(cache.get('CP-1')).rejects.toThrow('down');
    answers.set('CP-1', 'hash');
    expect(await cache.get('CP-1')).toEqual({ value: 'hash', cached: false });
    expect(loads).toHaveLength(3);
  });

  it('shares one lookup between concurrent requests for a key', async () => {
    const { cache, loads, answers } = aCache();
    answers.set('CP-1', 'hash');
    const results = await Promise.all([cache.get('CP-1'), cache.get('CP-1'), cache.get('CP-1')]);
    expect(results.map((r) => r.value)).toEqual(['hash', 'hash', 'hash']);
    expect(loads).toEqual(['CP-1']);
  });

  it('forgets an invalidated key and drops the oldest entries beyond the bound', async () => {
    const { cache, loads, answers } = aCache(1_000, 2);
    for (const key of ['A', 'B', 'C']) answers.set(key, key.toLowerCase());
    for (const key of ['A', 'B', 'C']) await cache.get(key);
    expect((await cache.get('A')).cached).toBe(false);
    cache.invalidate('C');
    expect((await cache.get('C')).cached).toBe(false);
    expect(loads).toEqual(['A', 'B', 'C', 'A', 'C']);
  });

  it('drops every expired entry on the next lookup of any key', async () => {
    const { cache, answers, advance } = aCache(1_000, 10);
    for (const key of ['A', 'B', 'C']) answers.set(key, key.toLowerCase());
    await cache.get('A');
    advance(500);
    await cache.get('B');
    advance(600);
    expect(cache.size).toBe(2);
    await cache.get('C');
    expect(cache.size).toBe(2);
    advance(1_000);
    await cache.get('nobody');
    expect(cache.size).toBe(0);
  });

  it('does not cache at all with a ttl of 0', async () => {
    const { cache, answers } = aCache(0);
    answers.set('CP-1', 'hash');
    await cache.get('CP-1');
    expect((await cache.get('CP-1')).cached).toBe(false);
  });
});

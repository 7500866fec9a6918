import { cryptoRandomSource } from './crypto-random-source.js';

describe('Production random source', () => {
  it('draws whole numbers within 0..max, both ends included, and names itself for the audit', () => {
    const source = cryptoRandomSource();
    const draws = Array.from({ length: 5000 }, () => source.int(3));
    expect(new Set(draws)).toEqual(new Set([0, 1, 2, 3]));
    expect(
      Array.from({ length: 200 }, () => source.int(1800)).every((d) => Number.isInteger(d) && d >= 0 && d <= 1800),
    ).toBe(true);
    expect(source.int(0)).toBe(0);
    expect(source.name).toBe('node:crypto.randomInt');
  });
});

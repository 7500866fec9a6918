import { fleetChargerIds, virtualIdTag } from './charger-ids.js';
import { LatencyHistogram } from './latency-histogram.js';

describe('Fleet ids', () => {
  it('pads indexes to four digits from the start index', () => {
    expect(fleetChargerIds('ZAPPI-', 1, 3)).toEqual(['ZAPPI-0001', 'ZAPPI-0002', 'ZAPPI-0003']);
  });

  it('widens the padding when the last index needs it', () => {
    expect(fleetChargerIds('Z', 9999, 2)).toEqual(['Z09999', 'Z10000']);
  });

  it('makes a virtual idTag of at most 20 characters', () => {
    expect(virtualIdTag('ZAPPI-0001')).toBe('VTZAPPI0001');
    expect(virtualIdTag('A-VERY-LONG-CHARGER-IDENTITY-12345').length).toBeLessThanOrEqual(20);
  });
});

describe('Latency histogram', () => {
  it('answers percentiles within a few per cent', () => {
    const h = new LatencyHistogram();
    for (let ms = 1; ms <= 1000; ms++) h.record(ms);
    expect(h.quantile(0.5)).toBeGreaterThan(480);
    expect(h.quantile(0.5)).toBeLessThan(520);
    expect(h.quantile(0.99)).toBeGreaterThan(960);
    expect(h.quantile(0.99)).toBeLessThanOrEqual(1000);
    expect(h.max).toBe(1000);
    expect(h.count).toBe(1000);
  });

  it('has no percentiles before the first sample, and none after a reset', () => {
    const h = new LatencyHistogram();
    expect(h.quantile(0.5)).toBeNull();
    h.record(3);
    h.reset();
    expect(h.quantile(0.99)).toBeNull();
  });
});

import { cryptoRandom, exponential, randomForCharger, seededRandom } from './random-source.js';
import { SimClock } from './sim-clock.js';

const T0 = Date.parse('2025-01-06T00:00:00Z');

function aClock(speed: number) {
  let real = 1_000; // monotonic clocks do not start at 0
  const clock = new SimClock({ simStartMs: T0, wallStartMs: T0 + 5, monotonicMs: () => real, speed });
  return { clock, advanceReal: (ms: number) => (real += ms) };
}

describe('SimClock', () => {
  it('runs simulated time at real time when the speed is 1', () => {
    const { clock, advanceReal } = aClock(1);
    advanceReal(2500);
    expect(clock.now()).toBe(T0 + 2500);
    expect(clock.wallNow()).toBe(T0 + 5 + 2500);
  });

  it('scales simulated time by the speed, and only simulated time', () => {
    const { clock, advanceReal } = aClock(60);
    advanceReal(1000);
    expect(clock.now()).toBe(T0 + 60_000);
    expect(clock.realElapsedMs()).toBe(1000);
    expect(clock.wallNow()).toBe(T0 + 5 + 1000);
  });

  it('turns simulated intervals into real delays (a 300 s heartbeat at speed 60 is 5 real seconds)', () => {
    expect(aClock(60).clock.realDelayMs(300)).toBe(5000);
    expect(aClock(1).clock.realDelayMs(300)).toBe(300_000);
    expect(aClock(0.5).clock.realDelayMs(1)).toBe(2000);
  });

  it('refuses a speed that is not positive', () => {
    expect(() => aClock(0)).toThrow(RangeError);
    expect(() => aClock(-1)).toThrow(RangeError);
  });
});

describe('Random sources', () => {
  it('repeat the same sequence for the same seed', () => {
    const a = seededRandom('42');
    const b = seededRandom('42');
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });

  it('give each charger its own sequence from one seed', () => {
    const one = Array.from({ length: 3 }, randomForCharger('42', 'ZAPPI-0001'));
    const two = Array.from({ length: 3 }, randomForCharger('42', 'ZAPPI-0002'));
    expect(one).not.toEqual(two);
    expect(Array.from({ length: 3 }, randomForCharger('42', 'ZAPPI-0001'))).toEqual(one);
  });

  it('stay in [0, 1)', () => {
    for (const source of [seededRandom('x'), cryptoRandom]) {
      for (let i = 0; i < 1000; i++) {
        const r = source();
        expect(r).toBeGreaterThanOrEqual(0);
        expect(r).toBeLessThan(1);
      }
    }
  });

  it('draw exponential durations around the mean', () => {
    const random = seededRandom('sessions');
    const n = 20_000;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += exponential(random, 90);
    expect(sum / n).toBeGreaterThan(85);
    expect(sum / n).toBeLessThan(95);
  });
});

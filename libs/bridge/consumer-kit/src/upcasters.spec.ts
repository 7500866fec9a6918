import { upcast, type Upcaster } from './upcasters.js';

const steps: Upcaster[] = [
  { type: 'Thing', from: 1, upcast: ({ data, ...e }) => ({ ...e, data: { ...(data as object), unit: 'W' } }) },
  { type: 'Thing', from: 2, upcast: ({ data, ...e }) => ({ ...e, data: { ...(data as object), phases: 1 } }) },
];

describe('Upcasting', () => {
  it('chains steps from the written version to the wanted one, setting each version', () => {
    expect(upcast(steps, 'Thing', 1, 3, { type: 'Thing', schemaVersion: 1, data: { limit: 7 } })).toEqual({
      type: 'Thing',
      schemaVersion: 3,
      data: { limit: 7, unit: 'W', phases: 1 },
    });
  });

  it('does nothing when the version is already the wanted one', () => {
    const event = { type: 'Thing', schemaVersion: 3, data: {} };
    expect(upcast(steps, 'Thing', 3, 3, event)).toBe(event);
  });

  it('is pure: the input event is left as it was', () => {
    const event = Object.freeze({ type: 'Thing', schemaVersion: 1, data: Object.freeze({ limit: 7 }) });
    upcast(steps, 'Thing', 1, 3, event);
    expect(event).toEqual({ type: 'Thing', schemaVersion: 1, data: { limit: 7 } });
  });

  it('fails loudly when a step is missing', () => {
    expect(() => upcast(steps, 'Other', 1, 2, {})).toThrow('no upcaster for Other v1 → v2');
  });
});

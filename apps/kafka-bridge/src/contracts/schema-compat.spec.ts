import { z } from 'zod';
import { jsonSchemaOf } from './contract-files.js';
import { compareSchemas } from './schema-compat.js';

const v = (version: number, data: z.ZodType) =>
  jsonSchemaOf(z.object({ type: z.literal('ThingHappened'), schemaVersion: z.literal(version), data }));
const base = z.object({ chargerId: z.string(), limitW: z.number().int(), mode: z.enum(['a', 'b']) });

describe('Comparing two versions of a contract', () => {
  it('finds two equal shapes identical, whatever their version numbers', () => {
    expect(compareSchemas(v(1, base), v(2, base)).kind).toBe('identical');
  });

  it('accepts a new optional field as additive', () => {
    const result = compareSchemas(v(1, base), v(2, base.extend({ note: z.string().optional() })));
    expect(result).toEqual({ kind: 'additive', changes: ['additive: $.data.note added as optional'] });
  });

  it('ignores documentation changes', () => {
    expect(compareSchemas(v(1, base), v(1, base.describe('now documented'))).kind).toBe('identical');
  });

  describe('finds a breaking change', () => {
    it.each([
      ['a removed field', base.omit({ mode: true }), '$.data.mode removed (or renamed)'],
      [
        'a renamed field',
        base.omit({ limitW: true }).extend({ limitWatts: z.number().int() }),
        '$.data.limitW removed (or renamed)',
      ],
      ['a changed type', base.extend({ limitW: z.string() }), '$.data.limitW changed "type"'],
      ['a new required field', base.extend({ phases: z.number() }), '$.data.phases added as required'],
      [
        'a field that became optional',
        base.extend({ chargerId: z.string().optional() }),
        '$.data.chargerId became optional',
      ],
      ['a new enum value', base.extend({ mode: z.enum(['a', 'b', 'c']) }), '$.data.mode changed "enum"'],
    ])('%s', (_name, next, change) => {
      const result = compareSchemas(v(1, base), v(2, next));
      expect(result.kind).toBe('breaking');
      expect(result.changes).toContain(`breaking: ${change}`);
    });
  });
});

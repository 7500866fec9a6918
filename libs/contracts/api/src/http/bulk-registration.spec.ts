import { checkBulkRow } from './bulk-registration.js';

const check = (value: unknown, where = 'row 1') => checkBulkRow({ where, value });
const codeOf = (value: unknown) => {
  const checked = check(value);
  return 'error' in checked ? [checked.error.code, checked.error.message] : ['ok', ''];
};

describe('A bulk registration row', () => {
  it('is the single registration body when valid (tags defaulted)', () => {
    expect(check({ chargerId: 'CP-1', model: 'zappi', jurisdiction: 'GB' })).toEqual({
      body: { chargerId: 'CP-1', model: 'zappi', jurisdiction: 'GB', tags: [] },
    });
  });

  it('gets the code of the field at fault, the id first, with where and what', () => {
    expect(codeOf({ model: 'zappi' })).toEqual(['INVALID_CHARGER_ID', 'row 1: chargerId: missing']);
    expect(codeOf({ chargerId: 'a b', model: 'nope' })[0]).toBe('INVALID_CHARGER_ID');
    expect(codeOf({ chargerId: 'CP-1' })).toEqual(['UNKNOWN_MODEL', 'row 1: model: missing']);
    expect(codeOf({ chargerId: 'CP-1', model: 'zappi', jurisdiction: 'FR' })[0]).toBe('UNKNOWN_JURISDICTION');
    expect(codeOf({ chargerId: 'CP-1', model: 'zappi', password: 'short' })).toEqual([
      'INVALID_PASSWORD',
      'row 1: password: a charger password has at least 16 characters',
    ]);
    expect(codeOf({ chargerId: 'CP-1', model: 'zappi', tags: 'a;b' })[0]).toBe('INVALID_TAGS');
    expect(codeOf({ chargerId: 'CP-1', model: 'zappi', tag: 'x' })).toEqual([
      'UNKNOWN_FIELD',
      'row 1: unknown field "tag" (the fields are chargerId, model, jurisdiction, password, tags)',
    ]);
  });

  it('is malformed when it is not an object, or when its CSV line was', () => {
    expect(codeOf([1, 2])).toEqual(['MALFORMED_ROW', 'row 1: not an object']);
    const line = checkBulkRow({
      where: 'line 9',
      value: { chargerId: 'CP-9' },
      malformed: '3 fields, the header has 2',
    });
    expect(line).toEqual({
      error: {
        chargerId: 'CP-9',
        status: 'error',
        code: 'MALFORMED_ROW',
        message: 'line 9: 3 fields, the header has 2',
      },
    });
  });
});

import { describeType, renderReference, renderTable, rowsOf, undescribed, type ObjectSchema } from './render.js';

const schema: ObjectSchema = {
  properties: {
    API_PORT: { type: 'integer', minimum: 1, maximum: 65535, default: 8080, description: 'The HTTP port.' },
    LOG_LEVEL: { type: 'string', enum: ['info', 'debug'], default: 'info', description: 'Log | level.' },
    ADMIN_KEY: { type: 'string', minLength: 16, description: 'The operator key.' },
    PREFIX: { type: 'string', default: '', description: 'A namespace.' },
    EDGE_ID: { type: 'string', minLength: 1, default: 'host-42', defaultText: '<hostname>-<pid>', description: 'x' },
    EPOCH: { type: 'string', format: 'date-time' },
  },
  required: ['ADMIN_KEY'],
};

describe('config reference rendering', () => {
  it('given an object schema, when rows are read, then each variable shows its values, default and whether it is required', () => {
    expect(rowsOf(schema)).toEqual([
      {
        variable: 'API_PORT',
        type: 'integer 1–65535',
        default: '`8080`',
        required: false,
        description: 'The HTTP port.',
      },
      {
        variable: 'LOG_LEVEL',
        type: '`info` | `debug`',
        default: '`info`',
        required: false,
        description: 'Log | level.',
      },
      {
        variable: 'ADMIN_KEY',
        type: 'string of at least 16 characters',
        default: '—',
        required: true,
        description: 'The operator key.',
      },
      { variable: 'PREFIX', type: 'string', default: 'empty', required: false, description: 'A namespace.' },
      {
        variable: 'EDGE_ID',
        type: 'non-empty string',
        default: '`<hostname>-<pid>`',
        required: false,
        description: 'x',
      },
      { variable: 'EPOCH', type: 'ISO 8601 date-time', default: '—', required: false, description: '' },
    ]);
  });

  it('given bounds JSON Schema leaves open, when the type is described, then only the real bounds are shown', () => {
    expect(describeType({ type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER })).toBe('integer ≥ 0');
    expect(describeType({ type: 'number', exclusiveMinimum: 0 })).toBe('number ≥ 1');
    expect(describeType({ type: 'integer' })).toBe('integer');
  });

  it('given rows, when the table is rendered, then pipes inside cells are escaped so each row keeps five columns', () => {
    const table = renderTable(rowsOf(schema)).split('\n');
    expect(table[0]).toBe('| variable | type / allowed values | default | required | description |');
    expect(table).toHaveLength(2 + 6);
    expect(table[3]).toBe('| `LOG_LEVEL` | `info` \\| `debug` | `info` | no | Log \\| level. |');
    expect(table[4]).toBe('| `ADMIN_KEY` | string of at least 16 characters | — | yes | The operator key. |');
    for (const row of table) expect(row.split(/(?<!\\)\|/)).toHaveLength(7);
  });

  it('given a variable without a description, when the sections are checked, then it is named', () => {
    expect(undescribed([{ title: 'app', intro: '', schema }])).toEqual(['app: EPOCH']);
  });

  it('given sections, when the reference is rendered, then each gets a heading, its intro and its table', () => {
    const text = renderReference('# Title\n', [{ title: 'profile-command', intro: 'The API.', schema }]);
    expect(text.startsWith('# Title\n\n## profile-command\n\nThe API.\n\n| variable |')).toBe(true);
  });
});

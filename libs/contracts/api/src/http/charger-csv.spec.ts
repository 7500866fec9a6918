import { PlatformError } from '../errors.js';
import { chargerRowsFromCsv, csvLine, readCsvRecords } from './charger-csv.js';

const failure = (text: string) => {
  try {
    chargerRowsFromCsv(text);
  } catch (error) {
    if (error instanceof PlatformError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the CSV to be refused');
};

describe('Charger CSV', () => {
  describe('when the file is well formed', () => {
    it('gives one row per line after the header, by column name, with the line it came from', () => {
      const rows = chargerRowsFromCsv(
        'model,chargerId,tags,jurisdiction\r\nzappi,CP-1,depot-a; north ,GB\r\n\r\ngeneric-ocpp16,CP-2,,\r\n',
      );
      expect(rows).toEqual([
        {
          where: 'line 2',
          value: { model: 'zappi', chargerId: 'CP-1', tags: ['depot-a', 'north'], jurisdiction: 'GB' },
        },
        { where: 'line 4', value: { model: 'generic-ocpp16', chargerId: 'CP-2' } },
      ]);
    });

    it('reads quoted fields with commas, doubled quotes and line breaks, counting lines through them', () => {
      const records = readCsvRecords('a,b\n"x, ""y""","two\nlines"\nlast,row');
      expect(records).toEqual([
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['x, "y"', 'two\nlines'] },
        { line: 4, fields: ['last', 'row'] },
      ]);
    });

    it('writes fields back so that they read the same', () => {
      const fields = ['CP-1', 'a "quoted", value', ' padded', 'plain'];
      expect(readCsvRecords(`${csvLine(fields)}\n`)).toEqual([{ line: 1, fields }]);
    });
  });

  describe('when a line has the wrong number of fields', () => {
    it('marks that row alone as malformed, naming the line, and keeps the others', () => {
      const rows = chargerRowsFromCsv('chargerId,model\nCP-1,zappi\nCP-2,zappi,extra\nCP-3,zappi\n');
      expect(rows.map((r) => r.where)).toEqual(['line 2', 'line 3', 'line 4']);
      expect(rows[1]).toEqual({
        where: 'line 3',
        value: { chargerId: 'CP-2' },
        malformed: '3 fields, the header has 2',
      });
      expect(rows[2]?.malformed).toBeUndefined();
    });
  });

  describe('when the file cannot be read as a whole', () => {
    it('names the line where a quoted field was opened and never closed', () => {
      expect(failure('chargerId,model\nCP-1,zappi\n"CP-2,zappi\nCP-3,zappi\n')).toEqual({
        code: 'MALFORMED_CSV',
        message: 'line 3: a quoted field opened on this line is never closed',
      });
    });

    it('names the line of a stray quote inside a field, or text after a closing quote', () => {
      expect(failure('chargerId,model\nCP-1,zappi\nCP"2,zappi\n').message).toBe(
        'line 3: a quote inside an unquoted field (quote the whole field)',
      );
      expect(failure('chargerId,model\n"CP-1"x,zappi\n').message).toBe(
        'line 2: text after the closing quote of a field',
      );
    });

    it('refuses an unknown, repeated or missing column on the header line', () => {
      expect(failure('\nchargerId,modle\n').message).toBe(
        'line 2: unknown column "modle" (the columns are chargerId, model, jurisdiction, password, tags)',
      );
      expect(failure('chargerId,model,model\n').message).toBe('line 1: the column "model" appears twice');
      expect(failure('chargerId,tags\n')).toEqual({
        code: 'MALFORMED_CSV',
        message: 'line 1: the header has no model column',
      });
    });

    it('refuses an empty file', () => {
      expect(failure('\n\n').message).toBe('line 1: the CSV is empty; it needs a header row');
    });
  });
});

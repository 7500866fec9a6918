import { PlatformError } from '../errors.js';
import type { BulkRow } from './bulk-registration.js';

/** The columns a charger CSV may have (header row, any order); chargerId and model are required. */
export const CHARGER_CSV_COLUMNS = ['chargerId', 'model', 'jurisdiction', 'password', 'tags'] as const;
const REQUIRED = ['chargerId', 'model'];
/** Tags within the tags cell. */
const TAG_SEPARATOR = ';';

interface Record_ {
  line: number;
  fields: string[];
}

const malformed = (line: number, message: string) => new PlatformError('MALFORMED_CSV', `line ${line}: ${message}`);

/**
 * Splits CSV text (RFC 4180: comma-separated, fields in double quotes may hold commas, line breaks and doubled
 * quotes; CRLF or LF) into records with the line each starts on. Blank lines are skipped. Throws MALFORMED_CSV
 * naming the line for a quote that is never closed or a stray quote.
 */
export function readCsvRecords(text: string): Record_[] {
  const records: Record_[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let line = 1;
  let fields: string[] = [];
  let field = '';
  let startLine = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: startLine, fields });
    fields = [];
    field = '';
  };
  while (i < body.length) {
    const c = body[i]!;
    if (c === '"') {
      if (field.trim() !== '') throw malformed(line, 'a quote inside an unquoted field (quote the whole field)');
      const opened = line;
      field = '';
      i++;
      for (;;) {
        if (i >= body.length) throw malformed(opened, 'a quoted field opened on this line is never closed');
        const q = body[i]!;
        if (q === '"' && body[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (q === '"') {
          i++;
          break;
        } else {
          if (q === '\n') line++;
          field += q;
          i++;
        }
      }
      while (body[i] === ' ' || body[i] === '\t') i++;
      if (i < body.length && body[i] !== ',' && body[i] !== '\n' && body[i] !== '\r')
        throw malformed(line, 'text after the closing quote of a field');
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      endRecord();
      if (c === '\r' && body[i + 1] === '\n') i++;
      line++;
      startLine = line;
    } else field += c;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/**
 * The rows of a charger CSV (a header row naming the columns, then one charger per line), as the bulk
 * registration takes them: empty cells are left out, tags are split on ";". A line with the wrong number of
 * fields is a malformed row of its own; a missing, unknown or repeated column refuses the whole file.
 */
export function chargerRowsFromCsv(text: string): BulkRow[] {
  const [header, ...records] = readCsvRecords(text);
  if (!header) throw new PlatformError('MALFORMED_CSV', 'line 1: the CSV is empty; it needs a header row');
  const columns = header.fields.map((f) => f.trim());
  for (const column of columns) {
    if (!(CHARGER_CSV_COLUMNS as readonly string[]).includes(column))
      throw malformed(header.line, `unknown column "${column}" (the columns are ${CHARGER_CSV_COLUMNS.join(', ')})`);
    if (columns.indexOf(column) !== columns.lastIndexOf(column))
      throw malformed(header.line, `the column "${column}" appears twice`);
  }
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw malformed(header.line, `the header has no ${missing.join(' or ')} column`);
  return records.map(({ line, fields }) => {
    const where = `line ${line}`;
    const cells = fields.map((f) => f.trim());
    if (cells.length !== columns.length) {
      const chargerId = cells[columns.indexOf('chargerId')] ?? '';
      return {
        where,
        value: { chargerId },
        malformed: `${cells.length} fields, the header has ${columns.length}`,
      };
    }
    const value: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const cell = cells[i]!;
      if (cell === '') return;
      value[column] =
        column === 'tags'
          ? cell
              .split(TAG_SEPARATOR)
              .map((t) => t.trim())
              .filter((t) => t !== '')
          : cell;
    });
    return { where, value };
  });
}

/** One CSV line of these fields (quoted where needed), without the line break. */
export function csvLine(fields: readonly string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) || f !== f.trim() ? `"${f.replace(/"/g, '""')}"` : f)).join(',');
}

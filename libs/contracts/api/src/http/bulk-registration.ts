import { z } from 'zod';
import { RegisterChargerBody } from './charger-routes.js';

/** The most chargers one `POST /v1/chargers/bulk` takes; more is refused whole (422 BATCH_TOO_LARGE). */
export const BULK_REGISTRATION_LIMIT = 10_000;

/** The body limit of the bulk route: 10,000 rows of the longest realistic shape (id, password, a few tags). */
export const BULK_REGISTRATION_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

/** Why one row of a bulk registration was not registered (the others are, regardless). The list may grow. */
export const BulkRowCode = z.enum([
  /** The charger id appears on an earlier row of the same request (that row is the one registered). */
  'DUPLICATE_IN_REQUEST',
  'ALREADY_REGISTERED',
  'INVALID_CHARGER_ID',
  'UNKNOWN_MODEL',
  'UNKNOWN_JURISDICTION',
  'INVALID_PASSWORD',
  'INVALID_TAGS',
  /** A field the registration does not know (a typo in a column or key name). */
  'UNKNOWN_FIELD',
  /** Not a charger row at all: not an object, or a CSV line with the wrong number of fields. */
  'MALFORMED_ROW',
  /** The row was valid but storing it failed (the database went away): it is not registered; retry it. */
  'NOT_STORED',
]);
export type BulkRowCode = z.infer<typeof BulkRowCode>;

export const BulkRegisterChargersBody = z.strictObject({
  chargers: z
    .array(
      z
        .unknown()
        .describe(
          'a charger as POST /v1/chargers takes it ({chargerId, model, jurisdiction?, password?, tags?}); each row is checked on its own and a bad one fails alone',
        ),
    )
    .min(1)
    .describe(
      `at most ${BULK_REGISTRATION_LIMIT} rows (more: 422 BATCH_TOO_LARGE). Also accepted as text/csv: a header row naming the columns chargerId, model, jurisdiction, password, tags (tags separated by ";")`,
    ),
});
export type BulkRegisterChargersBody = z.infer<typeof BulkRegisterChargersBody>;

export const BulkRegistrationResult = z.object({
  chargerId: z.string().describe('as given on the row ("" when the row had none)'),
  status: z.enum(['created', 'error']),
  ocppUrl: z.string().optional(),
  password: z.string().optional().describe("the charger's OCPP password: shown once, only its hash is stored"),
  version: z.number().optional(),
  code: BulkRowCode.optional(),
  message: z.string().optional().describe('where (row n, or line n of the CSV) and what'),
});
export type BulkRegistrationResult = z.infer<typeof BulkRegistrationResult>;

export const BulkRegisterChargersAnswer = z.object({
  results: z.array(BulkRegistrationResult).describe('one per input row, in input order'),
});
export type BulkRegisterChargersAnswer = z.infer<typeof BulkRegisterChargersAnswer>;

/** One input row as the use case takes it: where it came from, its value, or why it could not even be read. */
export interface BulkRow {
  /** "row 3" (JSON, 1-based) or "line 4" (CSV, the file's own line number). */
  where: string;
  value: unknown;
  /** Set when the row could not be read (a CSV line with the wrong number of fields). */
  malformed?: string;
}

/** The rows of a JSON body, numbered from 1. */
export const bulkRowsOf = (chargers: readonly unknown[]): BulkRow[] =>
  chargers.map((value, i) => ({ where: `row ${i + 1}`, value }));

/** A row that will not be registered: its result. */
export const rowError = (chargerId: string, code: BulkRowCode, message: string): BulkRegistrationResult => ({
  chargerId,
  status: 'error',
  code,
  message,
});

const FIELD_CODES: Record<string, BulkRowCode> = {
  chargerId: 'INVALID_CHARGER_ID',
  model: 'UNKNOWN_MODEL',
  jurisdiction: 'UNKNOWN_JURISDICTION',
  password: 'INVALID_PASSWORD',
  tags: 'INVALID_TAGS',
};
/** The order problems are reported in when a row has several: the id first (the result echoes it). */
const FIELD_ORDER = Object.keys(FIELD_CODES);

/**
 * Checks one row against the single registration's own body schema (RegisterChargerBody: one rule, one place):
 * the parsed body, or the row's result with the most telling code and a message that says where.
 */
export function checkBulkRow(row: BulkRow): { body: RegisterChargerBody } | { error: BulkRegistrationResult } {
  const value = row.value as Record<string, unknown> | null;
  const chargerId = typeof value?.['chargerId'] === 'string' ? value['chargerId'] : '';
  if (row.malformed !== undefined)
    return { error: rowError(chargerId, 'MALFORMED_ROW', `${row.where}: ${row.malformed}`) };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { error: rowError('', 'MALFORMED_ROW', `${row.where}: not an object`) };
  const parsed = RegisterChargerBody.safeParse(value);
  if (parsed.success) return { body: parsed.data };
  const rank = (i: z.core.$ZodIssue) => {
    const at = FIELD_ORDER.indexOf(String(i.path[0]));
    return at === -1 ? FIELD_ORDER.length : at;
  };
  const issue = [...parsed.error.issues].sort((a, b) => rank(a) - rank(b))[0]!;
  const field = String(issue.path[0] ?? '');
  if (issue.code === 'unrecognized_keys')
    return {
      error: rowError(
        chargerId,
        'UNKNOWN_FIELD',
        `${row.where}: unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')} (the fields are ${FIELD_ORDER.join(', ')})`,
      ),
    };
  const code = FIELD_CODES[field] ?? 'MALFORMED_ROW';
  const message = value[field] === undefined ? 'missing' : issue.message;
  return { error: rowError(chargerId, code, `${row.where}: ${field || 'row'}: ${message}`) };
}

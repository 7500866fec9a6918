/** Renders the configuration reference (docs/configuration.md) from the JSON Schemas of the apps' env schemas. */

/** The subset of a draft 2020-12 JSON Schema (zod's `toJSONSchema`, io: 'input') the reference reads. */
export interface FieldSchema {
  type?: string;
  enum?: readonly unknown[];
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  default?: unknown;
  description?: string;
  /** Shown instead of `default` when the default depends on the host (set with `.meta({ defaultText })`). */
  defaultText?: string;
}

export interface ObjectSchema {
  properties?: Record<string, FieldSchema>;
  required?: readonly string[];
}

export interface ConfigSection {
  /** The heading: an app or a command. */
  title: string;
  /** One sentence on where these variables are read. */
  intro: string;
  schema: ObjectSchema;
}

export interface ConfigRow {
  variable: string;
  type: string;
  default: string;
  required: boolean;
  description: string;
}

const code = (text: string): string => '`' + text.replace(/`/g, "'") + '`';
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** What values a field accepts, in words: `a` | `b`, integer 1–65535, ISO 8601 date-time, string. */
export function describeType(field: FieldSchema): string {
  if (field.enum) return field.enum.map((v) => code(String(v))).join(' | ');
  if (field.format === 'date-time') return 'ISO 8601 date-time';
  const low = field.minimum ?? (field.exclusiveMinimum === undefined ? undefined : field.exclusiveMinimum + 1);
  const high = field.maximum !== undefined && field.maximum < Number.MAX_SAFE_INTEGER ? field.maximum : undefined;
  const kind = field.type === 'integer' ? 'integer' : field.type === 'number' ? 'number' : (field.type ?? 'string');
  if (kind === 'string') {
    if (!field.minLength) return 'string';
    return field.minLength === 1 ? 'non-empty string' : `string of at least ${field.minLength} characters`;
  }
  if (low !== undefined && high !== undefined) return `${kind} ${low}–${high}`;
  if (low !== undefined) return `${kind} ≥ ${low}`;
  if (high !== undefined) return `${kind} ≤ ${high}`;
  return kind;
}

function describeDefault(field: FieldSchema): string {
  if (field.defaultText !== undefined) return code(field.defaultText);
  if (field.default === undefined) return '—';
  if (field.default === '') return 'empty';
  return code(String(field.default));
}

/** One row per variable, in the schema's order. */
export function rowsOf(schema: ObjectSchema): ConfigRow[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([variable, field]) => ({
    variable,
    type: describeType(field),
    default: describeDefault(field),
    required: required.has(variable) && field.default === undefined,
    description: field.description ?? '',
  }));
}

/** A Markdown table of the rows (prettier aligns it afterwards). */
export function renderTable(rows: readonly ConfigRow[]): string {
  const lines = [
    '| variable | type / allowed values | default | required | description |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${code(r.variable)} | ${cell(r.type)} | ${cell(r.default)} | ${r.required ? 'yes' : 'no'} | ${cell(r.description)} |`,
    ),
  ];
  return lines.join('\n');
}

/** Variables whose description is missing: the generator refuses them, so every row says what it is for. */
export function undescribed(sections: readonly ConfigSection[]): string[] {
  return sections.flatMap((s) =>
    rowsOf(s.schema)
      .filter((r) => r.description.trim() === '')
      .map((r) => `${s.title}: ${r.variable}`),
  );
}

export function renderReference(header: string, sections: readonly ConfigSection[]): string {
  const body = sections.map((s) => `## ${s.title}\n\n${s.intro}\n\n${renderTable(rowsOf(s.schema))}\n`);
  return `${header.trim()}\n\n${body.join('\n')}`;
}

// Turns one draft-04/07 JSON schema node into zod 4 source text. Only the keywords the OCA 1.6 schemas use are
// mapped; anything else throws, because silently dropping a constraint would make the contracts laxer than the spec.

const allowedKeywords = new Set([
  '$id',
  '$schema',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'maxLength',
  'enum',
  'format',
  'items',
  'multipleOf',
]);

const INDENT = '  ';
const MAX_INLINE = 100;

/** Single-quoted TypeScript string literal. */
export function quote(value) {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function propertyKey(name) {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : quote(name);
}

/** Key-sorted JSON, used to prove that two places sharing a name have the same schema. */
export function canonical(node) {
  return JSON.stringify(node, (_key, value) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, value[k]]),
        )
      : value,
  );
}

function fail(where, message) {
  throw new Error(`ocpp-codegen: ${where}: ${message}`);
}

/**
 * Builds the zod expression for `node`. `owner` names the nearest named schema; `nameOf(key)` returns the table name
 * for "<owner>/<prop>" (or undefined) and `onNamed(name, node, where)` registers the sub-schema that name stands for.
 */
export function toZod(node, { owner, key, where, depth, nameOf, onNamed }) {
  for (const keyword of Object.keys(node)) {
    if (!allowedKeywords.has(keyword)) fail(where, `unsupported keyword "${keyword}"`);
  }
  // `depth` is the indentation level of the line the expression starts on.
  const child = (childNode, childKey, childDepth) => {
    const childWhere = `${where}/${childKey}`;
    const name = nameOf(`${owner}/${childKey}`);
    if (name !== undefined) {
      onNamed(name, childNode, childWhere);
      return name;
    }
    return toZod(childNode, { owner, key: childKey, where: childWhere, depth: childDepth, nameOf, onNamed });
  };

  switch (node.type) {
    case 'object':
      return objectSchema(node, where, depth, (prop, propNode) => child(propNode, prop, depth + 1));
    case 'array':
      if (node.items === undefined || Array.isArray(node.items)) fail(where, 'arrays need a single "items" schema');
      if (key === undefined) fail(where, 'a top-level array has no name for its items');
      return `z.array(${child(node.items, `${key}[]`, depth)})`;
    case 'string':
      return stringSchema(node, where, depth);
    case 'integer':
      return 'z.number().int()';
    case 'number':
      // zod 4.6's multipleOf compares with a float-safe remainder, so 16.7 and 0.3 pass as multiples of 0.1.
      return node.multipleOf === undefined ? 'z.number()' : `z.number().multipleOf(${node.multipleOf})`;
    case 'boolean':
      return 'z.boolean()';
    default:
      return fail(where, `unsupported type ${JSON.stringify(node.type)}`);
  }
}

function objectSchema(node, where, depth, propertySchema) {
  const properties = node.properties ?? {};
  const required = new Set(node.required ?? []);
  for (const name of required) {
    if (!(name in properties)) fail(where, `required property "${name}" is not declared`);
  }
  // Draft-04 defaults additionalProperties to true; the OCA schemas set false on every object.
  const factory = node.additionalProperties === false ? 'z.strictObject' : 'z.looseObject';
  const names = Object.keys(properties);
  if (names.length === 0) return `${factory}({})`;
  const pad = INDENT.repeat(depth + 1);
  const lines = names.map((name) => {
    const schema = propertySchema(name, properties[name]);
    return `${pad}${propertyKey(name)}: ${schema}${required.has(name) ? '' : '.optional()'},`;
  });
  return `${factory}({\n${lines.join('\n')}\n${INDENT.repeat(depth)}})`;
}

function stringSchema(node, where, depth) {
  if (node.enum !== undefined) {
    if (node.format !== undefined) fail(where, 'enum with format');
    if (node.maxLength !== undefined && node.enum.some((v) => v.length > node.maxLength))
      fail(where, 'enum value too long');
    return enumSchema(node.enum, depth);
  }
  const max = node.maxLength === undefined ? '' : `.max(${node.maxLength})`;
  switch (node.format) {
    case undefined:
      return `z.string()${max}`;
    case 'date-time':
      // OCPP inbound tolerance: any RFC 3339 offset ("Z" or "+01:00") and any number of fractional digits.
      return `z.iso.datetime({ offset: true })${max}`;
    case 'uri':
      return `z.url()${max}`;
    default:
      return fail(where, `unsupported format "${node.format}"`);
  }
}

/** `z.enum([...])`, on one line when it fits. */
export function enumSchema(values, depth) {
  if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string')) {
    throw new Error(`ocpp-codegen: enum must be a non-empty list of strings: ${JSON.stringify(values)}`);
  }
  const inline = `z.enum([${values.map(quote).join(', ')}])`;
  if (inline.length + INDENT.length * (depth + 1) <= MAX_INLINE) return inline;
  const pad = INDENT.repeat(depth + 1);
  return `z.enum([\n${values.map((v) => `${pad}${quote(v)},`).join('\n')}\n${INDENT.repeat(depth)}])`;
}

import { z } from 'zod';

/** A data source by the shape this needs of it (TypeORM's DataSource or EntityManager). */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

const Pages = z.array(z.object({ key: z.string(), page: z.string() }));

/**
 * The heap page each row's current version is on (the block of its `ctid`), keyed by `keyColumn`, for the rows whose
 * key starts with `keyPrefix`. A row that keeps its page through an update was updated heap-only (no index touched)
 * when its indexed values did not move. `table` and `keyColumn` are the spec's own constants, never input.
 */
export async function rowPages(
  db: Queryable,
  table: string,
  keyColumn: string,
  keyPrefix = '',
): Promise<Map<string, string>> {
  const rows = Pages.parse(
    await db.query(
      `SELECT ${keyColumn} AS key, split_part(trim(both '()' from ctid::text), ',', 1) AS page
         FROM ${table} WHERE starts_with(${keyColumn}, $1)`,
      [keyPrefix],
    ),
  );
  return new Map(rows.map((r) => [r.key, r.page]));
}

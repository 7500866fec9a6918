import { QueryFailedError } from 'typeorm';
import { useEventStore } from './event-store.spec-support.js';
import { preparedStatement, queryPrepared } from './prepared-statement.js';

// Named prepared statements on the real PostgreSQL: the connection keeps them, so what matters is that they behave as
// the plain queries they replace — inside a transaction, on failure, and after the table they name is swapped.
describe('queryPrepared', () => {
  const rig = useEventStore();
  const NOTE = preparedStatement('spec_note_insert', `INSERT INTO spec_notes (id, body) VALUES ($1, $2) RETURNING id`);
  const READ = preparedStatement('spec_note_read', `SELECT id, body FROM spec_notes ORDER BY id`);

  beforeEach(async () => {
    await rig.db.query(`DROP TABLE IF EXISTS spec_notes; CREATE TABLE spec_notes (id int PRIMARY KEY, body text)`);
  });

  it('runs on a pooled connection and returns the rows', async () => {
    // When
    const inserted = await queryPrepared(rig.db, NOTE, [1, 'one']);
    // Then
    expect(inserted).toEqual([{ id: 1 }]);
    expect(await queryPrepared(rig.db, READ, [])).toEqual([{ id: 1, body: 'one' }]);
  });

  it("runs on the transaction's own connection: it sees the transaction's rows and rolls back with it", async () => {
    // When
    const seen = await rig.db
      .transaction(async (tx) => {
        await queryPrepared(tx, NOTE, [2, 'two']);
        const inside = await queryPrepared(tx, READ, []);
        throw Object.assign(new Error('roll back'), { inside });
      })
      .catch((e: { inside: unknown }) => e.inside);
    // Then
    expect(seen).toEqual([{ id: 2, body: 'two' }]);
    expect(await queryPrepared(rig.db, READ, [])).toEqual([]);
  });

  it("fails as TypeORM's queries do: a QueryFailedError carrying the driver's code and constraint", async () => {
    // Given
    await queryPrepared(rig.db, NOTE, [3, 'three']);
    // When
    const error = await queryPrepared(rig.db, NOTE, [3, 'again']).catch((e: unknown) => e);
    // Then
    expect(error).toBeInstanceOf(QueryFailedError);
    expect((error as QueryFailedError).driverError).toMatchObject({ code: '23505', constraint: 'spec_notes_pkey' });
  });

  it('finds the table under its name again after a swap renamed another table to it (a rebuild)', async () => {
    // Given: the statement is prepared on every pooled connection that ran it
    await Promise.all([1, 2, 3].map((id) => queryPrepared(rig.db, NOTE, [id, 'old'])));
    // When: a shadow table replaces the one the statements were prepared on
    await rig.db.query(
      `CREATE TABLE spec_notes_shadow (id int PRIMARY KEY, body text);
       INSERT INTO spec_notes_shadow VALUES (9, 'shadow');
       DROP TABLE spec_notes; ALTER TABLE spec_notes_shadow RENAME TO spec_notes`,
    );
    // Then
    const reads = await Promise.all([1, 2, 3].map(() => queryPrepared(rig.db, READ, [])));
    expect(reads).toEqual([1, 2, 3].map(() => [{ id: 9, body: 'shadow' }]));
  });

  it('plans every call for its own values (never a generic plan), on a connection that keeps the run schema', async () => {
    // When: more calls than PostgreSQL's five before it would try a generic plan, on one connection
    const counted = preparedStatement('spec_note_counted', `INSERT INTO spec_notes (id, body) VALUES ($1, $2)`);
    const plans = await rig.db.transaction(async (tx) => {
      for (let id = 10; id < 22; id++) await queryPrepared(tx, counted, [id, 'n']);
      return tx.query(
        `SELECT generic_plans, custom_plans, current_setting('search_path') AS path
           FROM pg_prepared_statements WHERE name = $1`,
        [counted.name],
      );
    });
    // Then
    expect(plans).toEqual([{ generic_plans: '0', custom_plans: '12', path: rig.infra.schema }]);
  });

  it('refuses a second definition of a name with another text (one name, one statement per connection)', () => {
    expect(preparedStatement('spec_note_read', `SELECT id, body FROM spec_notes ORDER BY id`)).toEqual(READ);
    expect(() => preparedStatement('spec_note_read', `SELECT id FROM spec_notes`)).toThrow(/defined twice/);
  });
});

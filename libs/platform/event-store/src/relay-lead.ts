import pg from 'pg';
import { sessionUrl } from './data-source.js';
import { runPrepared, type PreparedStatement } from './prepared-statement.js';
import { z } from 'zod';

/** The channel every append notifies (with its schema as the payload) once it commits. */
export const OUTBOX_CHANNEL = 'chargeplane_outbox';
/** First key of the relay's advisory lock; the second is the schema's hash, so each schema has one relay leading. */
const RELAY_LOCK = 7_345_001;
const LOCK_KEYS = `$1::int, hashtext(current_schema())`;
const FIRST_RETRY_MS = 500;
const LAST_RETRY_MS = 5_000;
const Locked = z.array(z.object({ locked: z.boolean() }));
const Schema = z.array(z.object({ schema: z.string() }));

export interface RelayLeadOptions {
  databaseUrl: string;
  /** PostgreSQL ends the connection (and the lead) after this long without a statement (`idle_session_timeout`). */
  idleTimeoutMs: number;
  /** An append in this relay's schema committed (or one of unknown schema). */
  onNotified: () => void;
  /** The connection is back after it was lost (the relay then looks at the outbox again). */
  onReconnected: () => void;
  onError?: (error: unknown) => void;
}

/**
 * The relay's own PostgreSQL connection: it LISTENs for appends and holds the lead. The lead is a session advisory
 * lock per schema (docs/architecture.md §5): the relay holding it keeps it from drain to drain, so a drain is its reads
 * and deletes alone, and the other replicas neither lock nor read on every commit (they try for the lead on their
 * poll). The lock lives and dies with this connection: when PostgreSQL or the process goes, another relay takes the
 * lead on its next poll; so does it when a relay frozen while it leads sends nothing for `idleTimeoutMs` and
 * PostgreSQL ends its session. A lost connection is replaced with backoff (0.5 s doubling to 5 s), so after a
 * PostgreSQL restart a relay leads again within about 5 s of its return (events wait in the outbox meanwhile).
 */
export class RelayLead {
  #client: pg.Client | undefined;
  #schema = '';
  #leading = false;
  #open = false;
  #reconnect: NodeJS.Timeout | undefined;
  #backoffMs = FIRST_RETRY_MS;

  constructor(private readonly options: RelayLeadOptions) {}

  get leading(): boolean {
    return this.#leading;
  }

  /**
   * Connects and listens, once: a first connection that fails, fails here (and the next call tries again); a
   * connection lost later is replaced with backoff, never by this call.
   */
  async open(): Promise<void> {
    if (this.#open) return;
    this.#open = true;
    try {
      await this.#connect(true);
    } catch (error) {
      this.#open = false;
      throw error;
    }
  }

  /** Takes the lead when it is free; answers whether this relay leads. */
  async tryLead(): Promise<boolean> {
    const client = this.#client;
    if (!client) return false;
    if (this.#leading) return true;
    const [row] = Locked.parse(
      (await client.query(`SELECT pg_try_advisory_lock(${LOCK_KEYS}) AS locked`, [RELAY_LOCK])).rows,
    );
    this.#leading = row?.locked === true && this.#client === client;
    return this.#leading;
  }

  /** Hands the lead back (a drain failed here: a healthier replica may take it on its next poll). */
  async release(): Promise<void> {
    if (!this.#leading || !this.#client) return;
    this.#leading = false;
    await this.#client.query(`SELECT pg_advisory_unlock(${LOCK_KEYS})`, [RELAY_LOCK]).catch(this.#report);
  }

  /**
   * A prepared statement on the lead's connection (only while leading: the lock and the statement share the session).
   */
  async query(statement: PreparedStatement, params: unknown[]): Promise<unknown[]> {
    if (!this.#client || !this.#leading) throw new Error('the outbox relay does not lead');
    return runPrepared(this.#client, statement, params);
  }

  async close(): Promise<void> {
    this.#open = false;
    if (this.#reconnect) clearTimeout(this.#reconnect);
    this.#reconnect = undefined;
    // Unlocked before the connection ends, so another relay can take the lead at once (not when the backend exits).
    await this.release();
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(initial: boolean): Promise<void> {
    const client = new pg.Client({ connectionString: sessionUrl(this.options.databaseUrl) });
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (error !== undefined) this.#report(error);
      if (this.#client === client) {
        this.#client = undefined;
        this.#leading = false;
      }
      void client.end().catch(() => undefined);
      this.#scheduleReconnect();
    };
    client.on('notification', (message) => {
      // An append names its schema; an empty payload (an operator's NOTIFY, a replay) concerns every relay.
      if (!message.payload || message.payload === this.#schema) this.options.onNotified();
    });
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      const [row] = Schema.parse((await client.query(`SELECT current_schema() AS schema`)).rows);
      this.#schema = row?.schema ?? '';
      await client.query(`SELECT set_config('idle_session_timeout', $1, false)`, [`${this.options.idleTimeoutMs}ms`]);
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.#backoffMs = FIRST_RETRY_MS;
      if (!this.#open) {
        // close() came while this connection was being made: it is not kept.
        lost = true;
        await client.end().catch(() => undefined);
        return;
      }
      this.#client = client;
    } catch (error) {
      if (initial) {
        lost = true;
        await client.end().catch(() => undefined);
        throw error;
      }
      onLost(error);
    }
  }

  #scheduleReconnect(): void {
    if (!this.#open || this.#reconnect) return;
    const delay = this.#backoffMs;
    this.#backoffMs = Math.min(delay * 2, LAST_RETRY_MS);
    this.#reconnect = setTimeout(() => {
      this.#reconnect = undefined;
      if (!this.#open) return;
      void this.#connect(false).then(() => {
        if (this.#client) this.options.onReconnected();
      });
    }, delay);
  }

  #report = (error: unknown): void => this.options.onError?.(error);
}

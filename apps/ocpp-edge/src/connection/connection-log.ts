import type { Logger } from '@chargeplane/platform-observability';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** How a connection logs: pino's `(fields, message)` call shape, every line tagged with its charger and connection. */
export type ConnectionLog = Readonly<
  Record<Level, (fields: Readonly<Record<string, unknown>>, message: string) => void>
>;

/**
 * A `ConnectionLog` on the edge's logger. A pino child per connection would keep about half a kilobyte for the whole
 * life of the socket (its own formatters and serialised bindings), and an edge holds tens of thousands of mostly
 * silent sockets; this keeps three references and adds the ids only to lines that are actually written.
 */
export class BoundLog implements ConnectionLog {
  constructor(
    private readonly base: Logger,
    private readonly chargerId: string,
    private readonly connectionId: string,
  ) {}

  debug(fields: Readonly<Record<string, unknown>>, message: string): void {
    this.#write('debug', fields, message);
  }

  info(fields: Readonly<Record<string, unknown>>, message: string): void {
    this.#write('info', fields, message);
  }

  warn(fields: Readonly<Record<string, unknown>>, message: string): void {
    this.#write('warn', fields, message);
  }

  error(fields: Readonly<Record<string, unknown>>, message: string): void {
    this.#write('error', fields, message);
  }

  #write(level: Level, fields: Readonly<Record<string, unknown>>, message: string): void {
    if (!this.base.isLevelEnabled(level)) return;
    this.base[level]({ chargerId: this.chargerId, connectionId: this.connectionId, ...fields }, message);
  }
}

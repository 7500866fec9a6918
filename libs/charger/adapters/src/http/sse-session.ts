import type { TwinChange } from '@chargeplane/contracts-api';

/** What a session writes to: the raw HTTP response. */
export interface SseSink {
  write(chunk: string): boolean;
  end(): void;
  readonly writableLength: number;
}

export interface SseOptions {
  heartbeatMs: number;
  /** A client this far behind (bytes queued) is cut off rather than buffered without bound; it reconnects. */
  maxBufferedBytes: number;
}

/**
 * One server-sent-events stream of twin changes. Event ids are `${chargerId}:${version}`; a comment
 * every `heartbeatMs` keeps proxies from closing an idle stream. There is no replay: a reconnecting
 * client reads the current twins (GET /v1/chargers) and follows the stream from there.
 */
export class SseSession {
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;
  /** Changes that arrived between the subscription and the response headers. */
  private early: string[] | null = [];

  constructor(
    private readonly sink: SseSink,
    private readonly options: SseOptions,
  ) {}

  start(): void {
    const early = this.early ?? [];
    this.early = null;
    this.write(`retry: 3000\n: connected\n\n`);
    for (const chunk of early) this.write(chunk);
    this.heartbeat = setInterval(() => this.write(`: heartbeat\n\n`), this.options.heartbeatMs);
  }

  send(change: TwinChange): void {
    this.write(`id: ${change.chargerId}:${change.version}\nevent: twin-changed\ndata: ${JSON.stringify(change)}\n\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.sink.end();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private write(chunk: string): void {
    if (this.closed) return;
    if (this.early) {
      this.early.push(chunk);
      return;
    }
    if (this.sink.writableLength > this.options.maxBufferedBytes) {
      this.close();
      return;
    }
    this.sink.write(chunk);
  }
}

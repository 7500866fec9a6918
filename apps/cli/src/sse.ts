/** One server-sent event: its name (`message` unless given), data (lines joined) and id. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Reads a text/event-stream incrementally (chunks may split lines and events anywhere): `feed` returns the events
 * completed by the chunk. Comments (`: heartbeat`) and `retry:` are skipped.
 */
export class SseReader {
  #buffer = '';
  #event: { event?: string; data: string[]; id?: string } = { data: [] };

  feed(chunk: string): SseEvent[] {
    this.#buffer += chunk;
    const events: SseEvent[] = [];
    for (let end = this.#buffer.search(/\r?\n/); end !== -1; end = this.#buffer.search(/\r?\n/)) {
      const line = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + (this.#buffer[end] === '\r' ? 2 : 1));
      if (line === '') {
        if (this.#event.data.length > 0)
          events.push({
            event: this.#event.event ?? 'message',
            data: this.#event.data.join('\n'),
            ...(this.#event.id === undefined ? {} : { id: this.#event.id }),
          });
        this.#event = { data: [] };
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') this.#event.data.push(value);
      else if (field === 'event') this.#event.event = value;
      else if (field === 'id') this.#event.id = value;
    }
    return events;
  }
}

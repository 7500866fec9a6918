/** One server-sent event (the fields the twin stream uses). */
export interface SseEvent {
  event: string;
  data: string;
  id: string | null;
}

/**
 * An incremental parser of a text/event-stream (the WHATWG format): feed it chunks as they arrive, it returns the
 * events completed so far. The browser's EventSource cannot send an Authorization header, so the console reads
 * the stream with fetch and parses it here.
 */
export class SseParser {
  private buffer = '';

  push(chunk: string): SseEvent[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const events: SseEvent[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let event = 'message';
      let id: string | null = null;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line === '' || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
        else if (field === 'id') id = value;
      }
      if (data.length) events.push({ event, data: data.join('\n'), id });
    }
    return events;
  }
}

// Server-Sent Events parser. EventSource cannot send an Authorization header, so the UI
// reads /api/events with fetch and feeds the text through this parser.

export interface ServerEvent {
  readonly event: string;
  readonly data: string;
  readonly id: string | null;
}

/** Incremental parser: feed chunks as they arrive, get complete events back. */
export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private id: string | null = null;

  push(chunk: string): ServerEvent[] {
    this.buffer += chunk;
    const out: ServerEvent[] = [];
    let newline: number;
    while ((newline = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, newline);
      const sepLength = this.buffer.startsWith('\r\n', newline) ? 2 : 1;
      this.buffer = this.buffer.slice(newline + sepLength);
      if (line === '') {
        if (this.data.length > 0) {
          out.push({ event: this.event || 'message', data: this.data.join('\n'), id: this.id });
        }
        this.event = '';
        this.data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') this.event = value;
      else if (field === 'data') this.data.push(value);
      else if (field === 'id') this.id = value;
    }
    return out;
  }
}

export interface StatusEvent {
  readonly kind: 'job' | 'task' | 'result';
  readonly id: string;
  readonly status: string;
}

/** The contract's events (`event: job|task|result`, data `{"id","status"}`); anything else is null. */
export function toStatusEvent(event: ServerEvent): StatusEvent | null {
  if (event.event !== 'job' && event.event !== 'task' && event.event !== 'result') return null;
  try {
    const body = JSON.parse(event.data) as { id?: unknown; status?: unknown };
    if (typeof body.id !== 'string' || typeof body.status !== 'string') return null;
    return { kind: event.event, id: body.id, status: body.status };
  } catch {
    return null;
  }
}

/** Reconnect delay after the n-th consecutive failure: 1 s, 2 s, 4 s ... capped at 30 s. */
export function reconnectDelayMs(failures: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
}

// Live updates from GET /api/events. Read with fetch (EventSource cannot send a bearer token),
// reconnecting with back-off; listeners get the contract's {kind, id, status} events.

import { SseParser, reconnectDelayMs, toStatusEvent, type StatusEvent } from '../logic/sse';
import type { TokenSource } from '../api/client';

export type EventListener = (event: StatusEvent) => void;

export class LiveEvents {
  private readonly listeners = new Set<EventListener>();
  private failures = 0;
  private stopped = false;
  connected = false;
  onConnectionChange: (connected: boolean) => void = () => undefined;

  constructor(private readonly token: TokenSource) {}

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
  }

  private setConnected(value: boolean): void {
    if (this.connected !== value) {
      this.connected = value;
      this.onConnectionChange(value);
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      try {
        const headers = new Headers({ Accept: 'text/event-stream' });
        const token = await this.token();
        if (token !== null) headers.set('Authorization', `Bearer ${token}`);
        const response = await fetch('/api/events', { headers });
        if (response.status === 403) {
          // The role may not subscribe: asking again would only add access-denied records to the audit trail.
          this.stopped = true;
          break;
        }
        if (!response.ok || response.body === null) throw new Error(`HTTP ${response.status}`);
        this.failures = 0;
        this.setConnected(true);
        const parser = new SseParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const raw of parser.push(value)) {
            const event = toStatusEvent(raw);
            if (event !== null) this.listeners.forEach((l) => l(event));
          }
        }
      } catch {
        this.failures++;
      }
      this.setConnected(false);
      await new Promise((r) => setTimeout(r, reconnectDelayMs(Math.max(1, this.failures))));
    }
  }
}

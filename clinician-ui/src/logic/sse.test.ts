import { describe, expect, it } from 'vitest';
import { SseParser, reconnectDelayMs, toStatusEvent } from './sse';

describe('SseParser', () => {
  it('parses events split across chunks', () => {
    const parser = new SseParser();
    expect(parser.push('event: job\ndata: {"id":"j1",')).toEqual([]);
    const events = parser.push('"status":"DONE"}\n\n: keep-alive\n\nevent: task\r\ndata: {"id":"t1","status":"READY"}\r\n\r\n');
    expect(events.map(toStatusEvent)).toEqual([
      { kind: 'job', id: 'j1', status: 'DONE' },
      { kind: 'task', id: 't1', status: 'READY' },
    ]);
  });

  it('joins multi-line data and defaults the event name', () => {
    expect(new SseParser().push('data: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb', id: null }]);
  });

  it('ignores events outside the contract', () => {
    expect(toStatusEvent({ event: 'message', data: '{}', id: null })).toBeNull();
    expect(toStatusEvent({ event: 'job', data: 'not json', id: null })).toBeNull();
  });

  it('backs off exponentially up to 30 s', () => {
    expect([1, 2, 3, 10].map(reconnectDelayMs)).toEqual([1000, 2000, 4000, 30000]);
  });
});

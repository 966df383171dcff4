import { describe, expect, it } from 'vitest';
import { MultipartError, boundaryOf, firstPart, multipartBodies } from './multipart';

const enc = new TextEncoder();

function envelope(boundary: string, bodies: Uint8Array[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const b of bodies) {
    chunks.push(enc.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), b, enc.encode('\r\n'));
  }
  chunks.push(enc.encode(`--${boundary}--\r\n`));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

describe('multipart/related', () => {
  it('reads the boundary, quoted or not', () => {
    expect(boundaryOf('multipart/related; type="application/dicom"; boundary="abc 1"')).toBe('abc 1');
    expect(boundaryOf('multipart/related;boundary=xyz;type=application/dicom')).toBe('xyz');
    expect(boundaryOf('application/dicom')).toBeNull();
  });

  it('cuts out each part byte for byte, even when a body holds CR LF and dashes', () => {
    const a = Uint8Array.from([0x44, 0x49, 0x43, 0x4d, 13, 10, 45, 45, 0, 255]);
    const b = Uint8Array.from([1, 2, 3]);
    const parts = multipartBodies(envelope('b0und', [a, b]), 'b0und');
    expect(parts.map((p) => [...p])).toEqual([[...a], [...b]]);
  });

  it('returns the first instance, or the body itself when it is plain application/dicom', () => {
    const a = Uint8Array.from([7, 8, 9]);
    expect([...new Uint8Array(firstPart(envelope('q', [a]).slice().buffer, 'multipart/related; boundary=q'))]).toEqual([7, 8, 9]);
    expect([...new Uint8Array(firstPart(a.slice().buffer, 'application/dicom'))]).toEqual([7, 8, 9]);
  });

  it('fails loudly on a truncated body', () => {
    const whole = envelope('q', [Uint8Array.from([1, 2, 3])]);
    expect(() => multipartBodies(whole.subarray(0, whole.length - 10), 'q')).toThrow(MultipartError);
  });
});

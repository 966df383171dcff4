// WADO-RS answers instances as multipart/related (RFC 2387). Cornerstone's Part-10 loader wants
// the bare DICOM file, so the first part's body is cut out of the envelope here.

export class MultipartError extends Error {
  override readonly name = 'MultipartError';
}

/** The boundary parameter of a Content-Type header, or null when it is not multipart. */
export function boundaryOf(contentType: string | null): string | null {
  if (contentType === null || !/^\s*multipart\//i.test(contentType)) return null;
  const match = /boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) continue outer;
    }
    return i;
  }
  return -1;
}

/** Bodies of every part, in order. */
export function multipartBodies(body: Uint8Array, boundary: string): Uint8Array[] {
  const encoder = new TextEncoder();
  const delimiter = encoder.encode(`--${boundary}`);
  const headerEnd = encoder.encode('\r\n\r\n');
  const parts: Uint8Array[] = [];
  let at = indexOf(body, delimiter, 0);
  if (at < 0) throw new MultipartError(`The multipart body holds no boundary "${boundary}".`);
  for (;;) {
    const afterDelimiter = at + delimiter.length;
    if (body[afterDelimiter] === 0x2d && body[afterDelimiter + 1] === 0x2d) break; // closing "--"
    const headersEnd = indexOf(body, headerEnd, afterDelimiter);
    if (headersEnd < 0) throw new MultipartError('A multipart part has no end of headers.');
    const start = headersEnd + headerEnd.length;
    const next = indexOf(body, encoder.encode(`\r\n--${boundary}`), start);
    if (next < 0) throw new MultipartError('The multipart body is truncated (no closing boundary).');
    parts.push(body.subarray(start, next));
    at = next + 2;
  }
  return parts;
}

/** The single DICOM file of a WADO-RS instance response (or the body itself if not multipart). */
export function firstPart(body: ArrayBuffer, contentType: string | null): ArrayBuffer {
  const boundary = boundaryOf(contentType);
  if (boundary === null) return body;
  const parts = multipartBodies(new Uint8Array(body), boundary);
  const first = parts[0];
  if (first === undefined) throw new MultipartError('The multipart response holds no instance.');
  return first.slice().buffer;
}

// Pixel layers travel as base64 of raw bytes, row-major, one byte per pixel (CONTRACTS.md).

/** A single-channel 8-bit image the size of one slice. */
export interface Layer {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export class LayerError extends Error {
  override readonly name = 'LayerError';
}

/** Decodes one layer and checks it has exactly one byte per pixel, so no pixel is silently dropped. */
export function decodeLayer(base64: string, width: number, height: number, what: string): Layer {
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    throw new LayerError(`The ${what} layer is not valid base64.`);
  }
  const expected = width * height;
  if (binary.length !== expected) {
    throw new LayerError(
      `The ${what} layer has ${binary.length} pixels, expected ${expected} (${width}x${height}).`,
    );
  }
  const data = new Uint8Array(expected);
  for (let i = 0; i < expected; i++) {
    data[i] = binary.charCodeAt(i);
  }
  return { width, height, data };
}

/** The inverse of decodeLayer, chunked so large slices do not overflow the argument list. */
export function encodeLayer(data: Uint8Array): string {
  const CHUNK = 0x8000;
  const parts: string[] = [];
  for (let i = 0; i < data.length; i += CHUNK) {
    parts.push(String.fromCharCode.apply(null, data.subarray(i, i + CHUNK) as unknown as number[]));
  }
  return btoa(parts.join(''));
}

/** Number of non-zero pixels. */
export function countSet(data: Uint8Array): number {
  let n = 0;
  for (const value of data) {
    if (value !== 0) n++;
  }
  return n;
}

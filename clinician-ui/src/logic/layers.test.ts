import { describe, expect, it } from 'vitest';
import { LayerError, countSet, decodeLayer, encodeLayer } from './layers';

describe('layers', () => {
  it('round-trips raw bytes through base64, row-major', () => {
    const data = Uint8Array.from([0, 1, 2, 255, 0, 1]);
    const layer = decodeLayer(encodeLayer(data), 3, 2, 'deferral');
    expect([...layer.data]).toEqual([0, 1, 2, 255, 0, 1]);
    expect(layer.width).toBe(3);
    expect(layer.height).toBe(2);
  });

  it('encodes a 512x512 slice without overflowing the call stack', () => {
    const data = new Uint8Array(512 * 512).map((_, i) => i % 3);
    const decoded = decodeLayer(encodeLayer(data), 512, 512, 'labels').data;
    expect(decoded.length).toBe(data.length);
    expect(decoded.every((v, i) => v === data[i])).toBe(true);
  });

  it('refuses a layer whose size does not match the slice, naming both sizes', () => {
    const b64 = encodeLayer(new Uint8Array(5));
    expect(() => decodeLayer(b64, 3, 2, 'AI mask')).toThrow(new LayerError('The AI mask layer has 5 pixels, expected 6 (3x2).'));
  });

  it('refuses invalid base64', () => {
    expect(() => decodeLayer('***', 1, 1, 'region')).toThrow(LayerError);
  });

  it('counts set pixels', () => {
    expect(countSet(Uint8Array.from([0, 3, 1, 0]))).toBe(2);
  });
});

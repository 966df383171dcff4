import { describe, expect, it } from 'vitest';
import {
  AI_MASK_COLOUR,
  DEFAULT_OVERLAY_OPTIONS,
  compositeOverlay,
  compositeProvenance,
  expertColour,
  heatColour,
  provenanceCounts,
} from './overlay';

function pixel(rgba: Uint8ClampedArray, i: number): number[] {
  return [...rgba.subarray(i * 4, i * 4 + 4)];
}

describe('compositeOverlay', () => {
  const layers = {
    width: 4,
    height: 1,
    aiMask: Uint8Array.from([1, 0, 0, 0]),
    deferral: Uint8Array.from([0, 1, 2, 0]),
    confidence: Uint8Array.from([255, 255, 255, 0]),
    labels: Uint8Array.from([0, 0, 0, 0]),
  };

  it('colours the AI mask, highlights my deferred pixels and dims the other expert', () => {
    const out = compositeOverlay(layers, { ...DEFAULT_OVERLAY_OPTIONS, myExpertIndex: 0, opacity: 1 });
    expect(pixel(out, 0)).toEqual([...AI_MASK_COLOUR, 255]);
    const mine = pixel(out, 1);
    const other = pixel(out, 2);
    expect(mine.slice(0, 3)).toEqual([...expertColour(0)]);
    expect(other.slice(0, 3)).toEqual([...expertColour(1)]);
    expect(mine[3]).toBeGreaterThan(2 * (other[3] ?? 0));
    expect(pixel(out, 3)).toEqual([0, 0, 0, 0]); // confidence off by default
  });

  it('shows each layer only when toggled on', () => {
    const off = compositeOverlay(layers, {
      ...DEFAULT_OVERLAY_OPTIONS,
      showAiMask: false,
      showDeferral: false,
      opacity: 1,
    });
    expect([...off].every((v) => v === 0)).toBe(true);
    const heat = compositeOverlay(layers, {
      ...DEFAULT_OVERLAY_OPTIONS,
      showAiMask: false,
      showDeferral: false,
      showConfidence: true,
      opacity: 1,
    });
    expect(pixel(heat, 3)).toEqual([255, 0, 0, 255]); // no confidence: opaque red
    expect(pixel(heat, 0)[3]).toBe(0); // full confidence: transparent
  });

  it('draws my labels on top', () => {
    const out = compositeOverlay(
      { ...layers, labels: Uint8Array.from([1, 0, 0, 0]) },
      { ...DEFAULT_OVERLAY_OPTIONS, opacity: 1 },
    );
    expect(pixel(out, 0)).toEqual([255, 255, 0, 255]);
  });

  it('draws an expert\'s labels only in their region, where they can change them', () => {
    const out = compositeOverlay(
      { ...layers, labels: Uint8Array.from([1, 1, 1, 0]) },
      { ...DEFAULT_OVERLAY_OPTIONS, myExpertIndex: 0, showDeferral: false, opacity: 1 },
    );
    expect(pixel(out, 0)).toEqual([...AI_MASK_COLOUR, 255]); // the AI's pixel, locked for me
    expect(pixel(out, 1)).toEqual([255, 255, 0, 255]); // mine
    expect(pixel(out, 2)).toEqual([0, 0, 0, 0]); // the other expert's
  });

  it('refuses a buffer of the wrong size', () => {
    expect(() => compositeOverlay(layers, DEFAULT_OVERLAY_OPTIONS, new Uint8ClampedArray(3))).toThrow('expected 16');
  });

  it('heat colour runs from red (unsure) to transparent (sure)', () => {
    expect(heatColour(0)).toEqual({ rgb: [255, 0, 0], alpha: 1 });
    expect(heatColour(255).alpha).toBe(0);
  });
});

describe('compositeProvenance', () => {
  it('colours merged pixels by who decided them', () => {
    const out = compositeProvenance(3, 1, Uint8Array.from([1, 1, 0]), Uint8Array.from([0, 2, 1]), 1);
    expect(pixel(out, 0)).toEqual([...AI_MASK_COLOUR, 255]);
    expect(pixel(out, 1)).toEqual([...expertColour(1), 255]);
    expect(pixel(out, 2)).toEqual([0, 0, 0, 0]);
  });

  it('counts the merged pixels of a slice by who decided them', () => {
    expect(provenanceCounts(Uint8Array.from([1, 1, 1, 0, 1]), Uint8Array.from([0, 2, 0, 1, 1]), 2)).toEqual([2, 1, 1]);
  });
});

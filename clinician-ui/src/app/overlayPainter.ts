// Draws the composited overlay (an RGBA image the size of the slice) onto a canvas above the
// viewport, with the viewport's image->canvas transform so it follows zoom and pan.

import { compositeOverlay, compositeProvenance, type OverlayLayers, type OverlayOptions } from '../logic/overlay';

export type ImageToCanvas = readonly [number, number, number, number, number, number];

export class OverlayPainter {
  private readonly rgba: Uint8ClampedArray<ArrayBuffer>;
  private readonly offscreen: HTMLCanvasElement;
  private readonly offctx: CanvasRenderingContext2D;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.rgba = new Uint8ClampedArray(width * height * 4);
    this.offscreen = document.createElement('canvas');
    this.offscreen.width = width;
    this.offscreen.height = height;
    this.offctx = this.offscreen.getContext('2d') as CanvasRenderingContext2D;
  }

  /** Sizes the canvas to its CSS box (device pixels) and clears it; returns its context. */
  static prepare(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(canvas.clientWidth * dpr);
    const h = Math.round(canvas.clientHeight * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const c = canvas.getContext('2d') as CanvasRenderingContext2D;
    c.setTransform(1, 0, 0, 1, 0, 0);
    c.clearRect(0, 0, w, h);
    return c;
  }

  paintReview(canvas: HTMLCanvasElement, transform: ImageToCanvas | null, layers: OverlayLayers, options: OverlayOptions): void {
    const c = OverlayPainter.prepare(canvas);
    if (transform === null) return;
    compositeOverlay(layers, options, this.rgba);
    this.blit(c, transform);
  }

  paintProvenance(canvas: HTMLCanvasElement, transform: ImageToCanvas | null, merged: Uint8Array, provenance: Uint8Array, opacity: number): void {
    const c = OverlayPainter.prepare(canvas);
    if (transform === null) return;
    compositeProvenance(this.width, this.height, merged, provenance, opacity, this.rgba);
    this.blit(c, transform);
  }

  private blit(c: CanvasRenderingContext2D, m: ImageToCanvas): void {
    const dpr = window.devicePixelRatio || 1;
    this.offctx.putImageData(new ImageData(this.rgba, this.width, this.height), 0, 0);
    c.setTransform(m[0] * dpr, m[1] * dpr, m[2] * dpr, m[3] * dpr, m[4] * dpr, m[5] * dpr);
    c.imageSmoothingEnabled = false;
    c.drawImage(this.offscreen, 0, 0);
  }
}

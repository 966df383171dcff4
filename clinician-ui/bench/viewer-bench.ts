// Rendering benchmark (not a test): first render of a 512x512 CT slice with the review overlays
// through the real viewer code (Cornerstone3D stack viewport + OverlayPainter), then slice
// scrolling frames/s; the peer is a plain 2D canvas drawing the same windowed pixels and overlay.

import { cache, getShouldUseCPURendering, imageLoader, setUseCPURendering } from '@cornerstonejs/core';
import { RENDERED, StackView, initImaging } from '../src/app/imaging';
import { OverlayPainter } from '../src/app/overlayPainter';
import { DEFAULT_OVERLAY_OPTIONS, type OverlayLayers } from '../src/logic/overlay';
import { CT_PRESETS, displayValue } from '../src/logic/voi';

const SIZE = 512;
const params = new URLSearchParams(window.location.search);
const slices = Number(params.get('slices') ?? '40');
const rounds = Number(params.get('rounds') ?? '3');
const soft = CT_PRESETS[0] as (typeof CT_PRESETS)[number];
const options = { ...DEFAULT_OVERLAY_OPTIONS, myExpertIndex: 0, showConfidence: true };

function layersFor(k: number): OverlayLayers {
  const n = SIZE * SIZE;
  const aiMask = new Uint8Array(n);
  const deferral = new Uint8Array(n);
  const confidence = new Uint8Array(n);
  const labels = new Uint8Array(n);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const i = y * SIZE + x;
      const d = Math.hypot(x - 330, y - 250 - k);
      aiMask[i] = d < 60 ? 1 : 0;
      deferral[i] = d >= 55 && d < 70 ? (x < 330 ? 1 : 2) : 0;
      confidence[i] = Math.min(255, Math.abs(d - 60) * 8);
      labels[i] = d < 58 && x < 330 ? 1 : 0;
    }
  }
  return { width: SIZE, height: SIZE, aiMask, deferral, confidence, labels };
}

function firstRender(element: HTMLElement): Promise<void> {
  return new Promise((resolve) => element.addEventListener(RENDERED, () => resolve(), { once: true }));
}

async function run(): Promise<Record<string, number | boolean>> {
  const imageIds = Array.from({ length: slices }, (_, k) => `wadouri:${window.location.origin}/data/slice-${String(k + 1).padStart(3, '0')}.dcm`);
  const overlays = Array.from({ length: slices }, (_, k) => layersFor(k));
  const element = document.getElementById('viewport') as HTMLDivElement;
  const overlay = document.getElementById('overlay') as HTMLCanvasElement;
  const painter = new OverlayPainter(SIZE, SIZE);

  // First render, as when a Task opens: init, load slice 1, window it, draw the overlays.
  const t0 = performance.now();
  await initImaging(async () => null);
  // 'auto' keeps the path the viewer chose for this browser; 'webgl' forces WebGL for comparison.
  if (params.get('path') === 'webgl') setUseCPURendering(false);
  const cpuPath = getShouldUseCPURendering();
  const view = new StackView(element);
  const rendered = firstRender(element);
  await view.setStack(imageIds, 0);
  view.setWindow(soft);
  await rendered;
  painter.paintReview(overlay, view.imageToCanvas(), overlays[0] as OverlayLayers, options);
  const firstRenderMs = performance.now() - t0;

  // Scrolling with every slice cached (the viewer prefetches): frames/s of the whole pipeline.
  await Promise.all(imageIds.map((id) => imageLoader.loadAndCacheImage(id)));
  let count = 0;
  element.addEventListener(RENDERED, () => count++);
  let frames = 0;
  const s0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    // Slice 0 is on screen already: start each round at 1 and end on 0 so every step changes the image.
    for (let step = 1; step <= slices; step++) {
      const k = step % slices;
      const before = count;
      await view.show(k);
      while (count === before) await new Promise((res) => requestAnimationFrame(res));
      painter.paintReview(overlay, view.imageToCanvas(), overlays[k] as OverlayLayers, options);
      frames++;
    }
  }
  const viewerFps = (frames * 1000) / (performance.now() - s0);

  // Peer: the same slices windowed by hand into a 2D canvas, same overlay, one frame per rAF.
  const peer = document.getElementById('peer') as HTMLCanvasElement;
  const peerOverlay = document.getElementById('peer-overlay') as HTMLCanvasElement;
  peer.width = SIZE;
  peer.height = SIZE;
  const pctx = peer.getContext('2d') as CanvasRenderingContext2D;
  const frame = pctx.createImageData(SIZE, SIZE);
  const lut = new Uint8Array(65536);
  for (let v = 0; v < 65536; v++) lut[v] = displayValue(v - 32768, soft);
  const pixels = imageIds.map((id) => {
    const image = cache.getImage(id);
    if (!image) throw new Error(`not cached: ${id}`);
    return { data: image.getPixelData(), slope: image.slope, intercept: image.intercept };
  });
  const identity = [1, 0, 0, 1, 0, 0] as const;
  let peerFrames = 0;
  const p0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < slices; k++) {
      await new Promise((res) => requestAnimationFrame(res));
      const { data, slope, intercept } = pixels[k] as (typeof pixels)[number];
      for (let i = 0; i < SIZE * SIZE; i++) {
        const g = lut[(Math.round((data[i] as number) * slope + intercept) + 32768) & 0xffff] as number;
        const o = i * 4;
        frame.data[o] = g;
        frame.data[o + 1] = g;
        frame.data[o + 2] = g;
        frame.data[o + 3] = 255;
      }
      pctx.putImageData(frame, 0, 0);
      painter.paintReview(peerOverlay, identity, overlays[k] as OverlayLayers, options);
      peerFrames++;
    }
  }
  const peerFps = (peerFrames * 1000) / (performance.now() - p0);
  view.destroy();
  return { firstRenderMs, viewerFps, peerFps, slices, frames, cpuPath };
}

run()
  .then((r) => ((window as unknown as { __bench: unknown }).__bench = r))
  .catch((e: unknown) => ((window as unknown as { __bench: unknown }).__bench = { error: String(e) }));

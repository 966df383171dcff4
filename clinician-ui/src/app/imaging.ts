// Cornerstone3D set-up for one stack viewport: images come from our WADO-RS (/dicomweb) as
// Part-10 instances with the bearer token; Pan/Zoom/Window tools come from @cornerstonejs/tools.

import {
  Enums,
  RenderingEngine,
  init as coreInit,
  setUseCPURendering,
  utilities,
  type StackViewport,
  type Types,
} from '@cornerstonejs/core';
import { init as loaderInit } from '@cornerstonejs/dicom-image-loader';
import {
  Enums as ToolEnums,
  PanTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  addTool,
  init as toolsInit,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import type { TokenSource } from '../api/client';
import { firstPart } from '../logic/multipart';
import { chooseRenderPath, type WebGl2Report } from '../logic/renderPath';
import { toVoiRange, toWindowLevel, type WindowLevel } from '../logic/voi';

let ready: Promise<void> | null = null;
let currentToken: TokenSource = async () => null;

/** Once per page: core, tools, the DICOM loader with our auth header and multipart unwrapping. */
export function initImaging(token: TokenSource): Promise<void> {
  currentToken = token;
  ready ??= (async () => {
    if (chooseRenderPath(probeWebGl2()) === 'cpu') setUseCPURendering(true);
    await coreInit();
    toolsInit();
    loaderInit({
      maxWebWorkers: Math.max(1, Math.min(4, Math.floor((navigator.hardwareConcurrency || 2) / 2))),
      beforeSend: async () => {
        const headers: Record<string, string> = { Accept: 'multipart/related; type="application/dicom"' };
        const t = await currentToken();
        if (t !== null) headers['Authorization'] = `Bearer ${t}`;
        return headers;
      },
      beforeProcessing: async (xhr: XMLHttpRequest) => firstPart(xhr.response as ArrayBuffer, xhr.getResponseHeader('Content-Type')),
    });
    addTool(PanTool);
    addTool(ZoomTool);
    addTool(WindowLevelTool);
  })();
  return ready;
}

function probeWebGl2(): WebGl2Report | null {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl === null) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
  const majorPerformanceCaveat = document.createElement('canvas').getContext('webgl2', { failIfMajorPerformanceCaveat: true }) === null;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { majorPerformanceCaveat, renderer };
}

/** The Part-10 image id of one instance on our WADO-RS. */
export function instanceImageId(study: string, series: string, sop: string): string {
  const enc = encodeURIComponent;
  return `wadouri:${window.location.origin}/dicomweb/studies/${enc(study)}/series/${enc(series)}/instances/${enc(sop)}`;
}

export type PointerTool = 'edit' | 'pan' | 'window';

let counter = 0;

/** One stack viewport in `element`, with an image<->canvas mapping for the overlay. */
export class StackView {
  readonly viewport: StackViewport;
  private readonly engine: RenderingEngine;
  private readonly toolGroupId: string;
  private readonly toolGroup: ToolTypes.IToolGroup;

  constructor(element: HTMLDivElement) {
    counter++;
    this.engine = new RenderingEngine(`consilium-${counter}`);
    const viewportId = `stack-${counter}`;
    this.engine.enableElement({ viewportId, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] } });
    this.viewport = this.engine.getViewport(viewportId) as StackViewport;
    this.toolGroupId = `tools-${counter}`;
    this.toolGroup = ToolGroupManager.createToolGroup(this.toolGroupId) as ToolTypes.IToolGroup;
    this.toolGroup.addTool(PanTool.toolName);
    this.toolGroup.addTool(ZoomTool.toolName);
    this.toolGroup.addTool(WindowLevelTool.toolName);
    this.toolGroup.addViewport(viewportId, this.engine.id);
    this.setPointerTool('edit');
  }

  /** Left button: the chosen tool (edit = none, the overlay takes it); right zooms, middle pans. */
  setPointerTool(tool: PointerTool): void {
    const B = ToolEnums.MouseBindings;
    this.toolGroup.setToolPassive(PanTool.toolName);
    this.toolGroup.setToolPassive(WindowLevelTool.toolName);
    this.toolGroup.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: B.Secondary }] });
    if (tool === 'pan') this.toolGroup.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: B.Primary }, { mouseButton: B.Auxiliary }] });
    else this.toolGroup.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: B.Auxiliary }] });
    if (tool === 'window') this.toolGroup.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: B.Primary }] });
  }

  async setStack(imageIds: string[], index: number): Promise<void> {
    await this.viewport.setStack(imageIds, index);
  }

  async show(index: number): Promise<void> {
    await this.viewport.setImageIdIndex(index);
    this.viewport.render();
  }

  setWindow(window: WindowLevel): void {
    this.viewport.setProperties({ voiRange: toVoiRange(window) });
    this.viewport.render();
  }

  window(): WindowLevel | null {
    const range = this.viewport.getProperties().voiRange;
    return range ? toWindowLevel(range) : null;
  }

  zoomBy(factor: number): void {
    const camera = this.viewport.getCamera();
    if (camera.parallelScale !== undefined) {
      this.viewport.setCamera({ parallelScale: camera.parallelScale / factor });
      this.viewport.render();
    }
  }

  reset(): void {
    this.viewport.resetCamera();
    this.viewport.resetProperties();
    this.viewport.render();
  }

  resize(): void {
    this.engine.resize(true, true);
  }

  /** Affine map image pixel (column,row corner) -> canvas CSS pixel, or null before the first image. */
  imageToCanvas(): [number, number, number, number, number, number] | null {
    const imageId = this.viewport.getCurrentImageId();
    const image = imageId ? this.viewport.getImageData() : undefined;
    if (!imageId || !image) return null;
    const [cols, rows] = image.dimensions;
    const at = (x: number, y: number): Types.Point2 | null => {
      const world = utilities.imageToWorldCoords(imageId, [x, y]);
      return world ? this.viewport.worldToCanvas(world) : null;
    };
    const p0 = at(0, 0);
    const p1 = at(cols, 0);
    const p2 = at(0, rows);
    if (!p0 || !p1 || !p2) return null;
    return [(p1[0] - p0[0]) / cols, (p1[1] - p0[1]) / cols, (p2[0] - p0[0]) / rows, (p2[1] - p0[1]) / rows, p0[0], p0[1]];
  }

  /** Canvas CSS pixel -> image pixel (column,row), integers, possibly outside the image. */
  canvasToPixel(x: number, y: number): [number, number] | null {
    const imageId = this.viewport.getCurrentImageId();
    if (!imageId) return null;
    const image = utilities.worldToImageCoords(imageId, this.viewport.canvasToWorld([x, y]));
    return image ? [Math.floor(image[0]), Math.floor(image[1])] : null;
  }

  destroy(): void {
    ToolGroupManager.destroyToolGroup(this.toolGroupId);
    this.engine.destroy();
  }
}

export const RENDERED = Enums.Events.IMAGE_RENDERED;

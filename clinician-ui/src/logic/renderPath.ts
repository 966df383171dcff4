// Which Cornerstone rendering path a browser should take. Software WebGL (SwiftShader, llvmpipe:
// thin clients, remote desktops, VMs without a GPU) is slower than Cornerstone's CPU path (see the
// viewer benchmark), so only WebGL2 on a real GPU gets the WebGL path.

export type RenderPath = 'gpu' | 'cpu';

/** What the browser says about its WebGL2: null when there is none. */
export interface WebGl2Report {
  /** The context was refused with failIfMajorPerformanceCaveat. */
  majorPerformanceCaveat: boolean;
  /** The unmasked renderer string, e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))". */
  renderer: string;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

export function chooseRenderPath(webgl2: WebGl2Report | null): RenderPath {
  if (webgl2 === null || webgl2.majorPerformanceCaveat || SOFTWARE_RENDERER.test(webgl2.renderer)) return 'cpu';
  return 'gpu';
}

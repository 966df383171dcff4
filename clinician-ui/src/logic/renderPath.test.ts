import { describe, expect, it } from 'vitest';
import { chooseRenderPath } from './renderPath';

describe('chooseRenderPath', () => {
  it('renders on the GPU when WebGL2 runs on a graphics card', () => {
    expect(chooseRenderPath({ majorPerformanceCaveat: false, renderer: 'ANGLE (NVIDIA, NVIDIA RTX A2000 (0x000024B0) Direct3D11 vs_5_0 ps_5_0, D3D11)' })).toBe('gpu');
  });

  it('takes the CPU path when WebGL2 is SwiftShader or Mesa llvmpipe', () => {
    expect(chooseRenderPath({ majorPerformanceCaveat: false, renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)' })).toBe('cpu');
    expect(chooseRenderPath({ majorPerformanceCaveat: false, renderer: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe('cpu');
  });

  it('takes the CPU path when the browser flags a major performance caveat', () => {
    expect(chooseRenderPath({ majorPerformanceCaveat: true, renderer: 'WebKit WebGL' })).toBe('cpu');
  });

  it('takes the CPU path without WebGL2', () => {
    expect(chooseRenderPath(null)).toBe('cpu');
  });
});

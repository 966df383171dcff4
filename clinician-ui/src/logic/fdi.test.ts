import { describe, expect, it } from 'vitest';
import { FDI_CHART, isFdiTooth, jawOf, toggleTooth, toothName } from './fdi';

describe('FDI chart', () => {
  it('holds the 32 permanent teeth once each', () => {
    const all = FDI_CHART.flat();
    expect(all).toHaveLength(32);
    expect(new Set(all).size).toBe(32);
    expect(all.every(isFdiTooth)).toBe(true);
  });

  it('validates and names teeth', () => {
    expect(isFdiTooth(36)).toBe(true);
    expect(isFdiTooth(19)).toBe(false);
    expect(isFdiTooth(51)).toBe(false);
    expect(toothName(36)).toBe('lower left first molar');
    expect(jawOf(24)).toBe('upper');
    expect(jawOf(46)).toBe('lower');
  });

  it('toggles a tooth in a sorted selection', () => {
    expect(toggleTooth([36, 11], 24)).toEqual([11, 24, 36]);
    expect(toggleTooth([11, 24], 24)).toEqual([11]);
    expect(() => toggleTooth([], 9)).toThrow('not an FDI tooth');
  });
});

import { describe, expect, it } from 'vitest';
import { CT_PRESETS, displayValue, dragWindow, formatWindow, toVoiRange, toWindowLevel } from './voi';

describe('window/level', () => {
  it('has the three CT presets clinicians expect', () => {
    expect(CT_PRESETS.map((p) => [p.id, p.width, p.center])).toEqual([
      ['soft-tissue', 400, 40],
      ['lung', 1500, -600],
      ['bone', 1800, 400],
    ]);
  });

  it('converts a window to the VOI range Cornerstone uses and back', () => {
    expect(toVoiRange({ width: 400, center: 40 })).toEqual({ lower: -160, upper: 240 });
    expect(toVoiRange({ width: 1500, center: -600 })).toEqual({ lower: -1350, upper: 150 });
    expect(toWindowLevel({ lower: -500, upper: 1300 })).toEqual({ width: 1800, center: 400 });
  });

  it('maps HU to display values with the DICOM linear function', () => {
    const soft = { width: 400, center: 40 };
    expect(displayValue(-1000, soft)).toBe(0); // air is black
    expect(displayValue(1000, soft)).toBe(255); // bone is white
    expect(displayValue(40, soft)).toBe(128); // centre is mid-grey
  });

  it('drags: right widens, up lowers the centre; width never below 1', () => {
    expect(dragWindow({ width: 400, center: 40 }, 10, -5)).toEqual({ width: 420, center: 50 });
    expect(dragWindow({ width: 10, center: 0 }, -100, 0).width).toBe(1);
  });

  it('formats for the overlay text', () => {
    expect(formatWindow({ width: 1500.4, center: -600 })).toBe('W 1500 / L -600');
  });
});

// Window/level (VOI) maths. Cornerstone works with a VOI range {lower, upper}; clinicians
// think in window width / centre. DICOM PS3.3 C.11.2.1.2 defines the linear function.

export interface WindowLevel {
  readonly width: number;
  readonly center: number;
}

export interface VoiRange {
  readonly lower: number;
  readonly upper: number;
}

export interface WindowPreset extends WindowLevel {
  readonly id: 'soft-tissue' | 'lung' | 'bone';
  readonly label: string;
  /** Keyboard key that applies it. */
  readonly key: string;
}

export const CT_PRESETS: readonly WindowPreset[] = [
  { id: 'soft-tissue', label: 'Soft tissue (W400 L40)', width: 400, center: 40, key: '1' },
  { id: 'lung', label: 'Lung (W1500 L-600)', width: 1500, center: -600, key: '2' },
  { id: 'bone', label: 'Bone (W1800 L400)', width: 1800, center: 400, key: '3' },
];

export const MIN_WINDOW_WIDTH = 1;

export function toVoiRange(window: WindowLevel): VoiRange {
  const width = Math.max(MIN_WINDOW_WIDTH, window.width);
  return { lower: window.center - width / 2, upper: window.center + width / 2 };
}

export function toWindowLevel(range: VoiRange): WindowLevel {
  return { width: range.upper - range.lower, center: (range.lower + range.upper) / 2 };
}

/** Display value 0..255 of a modality value (HU for CT) under the DICOM linear VOI function. */
export function displayValue(value: number, window: WindowLevel): number {
  const width = Math.max(MIN_WINDOW_WIDTH, window.width);
  const c = window.center - 0.5;
  const w = width - 1;
  if (w <= 0) return value <= c ? 0 : 255;
  if (value <= c - w / 2) return 0;
  if (value > c + w / 2) return 255;
  return Math.round(((value - c) / w + 0.5) * 255);
}

/**
 * Mouse drag adjusts the window: right widens, up brightens (lower centre), as on most
 * reading-room workstations. `sensitivity` is modality units per pixel of drag.
 */
export function dragWindow(start: WindowLevel, dx: number, dy: number, sensitivity = 2): WindowLevel {
  return {
    width: Math.max(MIN_WINDOW_WIDTH, start.width + dx * sensitivity),
    center: start.center - dy * sensitivity,
  };
}

export function formatWindow(window: WindowLevel): string {
  return `W ${Math.round(window.width)} / L ${Math.round(window.center)}`;
}

// Compositing of the review overlays into one RGBA image the size of the slice, drawn on a
// canvas above the Cornerstone viewport. Pure: the same inputs give the same pixels.

export type Rgb = readonly [number, number, number];

/** Distinct, colour-blind-friendly hues (Okabe-Ito) for experts 0, 1, 2 ... */
export const EXPERT_COLOURS: readonly Rgb[] = [
  [0, 114, 178],
  [230, 159, 0],
  [0, 158, 115],
  [204, 121, 167],
  [86, 180, 233],
  [213, 94, 0],
];

export const AI_MASK_COLOUR: Rgb = [255, 40, 40];
export const LABEL_COLOUR: Rgb = [255, 255, 0];

export function expertColour(expertIndex: number): Rgb {
  return EXPERT_COLOURS[expertIndex % EXPERT_COLOURS.length] as Rgb;
}

export interface OverlayLayers {
  readonly width: number;
  readonly height: number;
  readonly aiMask?: Uint8Array | null;
  /** 0 = AI decides, i+1 = deferred to expert i. */
  readonly deferral?: Uint8Array | null;
  /** 0..255 confidence of the AI. */
  readonly confidence?: Uint8Array | null;
  /** The signed-in expert's current labels (1 = structure). */
  readonly labels?: Uint8Array | null;
}

export interface OverlayOptions {
  readonly showAiMask: boolean;
  readonly showDeferral: boolean;
  readonly showConfidence: boolean;
  readonly showLabels: boolean;
  /** The signed-in expert's index, or null for a viewer who is not an expert. */
  readonly myExpertIndex: number | null;
  /** 0..1 opacity of the strongest overlay. */
  readonly opacity: number;
}

export const DEFAULT_OVERLAY_OPTIONS: OverlayOptions = {
  showAiMask: true,
  showDeferral: true,
  showConfidence: false,
  showLabels: true,
  myExpertIndex: null,
  opacity: 0.5,
};

/** Alpha of my deferred pixels vs other experts' ones: mine stand out, others are dimmed. */
export const MINE_ALPHA = 1;
export const OTHERS_ALPHA = 0.35;

/**
 * Confidence heat map: low confidence is hot (red), high confidence is transparent, so the
 * pixels worth a second look draw the eye.
 */
export function heatColour(confidence: number): { rgb: Rgb; alpha: number } {
  const t = 1 - confidence / 255;
  const r = 255;
  const g = Math.round(255 * Math.min(1, Math.max(0, 1 - t) * 1.5));
  return { rgb: [r, g, 0], alpha: t };
}

function blend(out: Uint8ClampedArray, o: number, rgb: Rgb, alpha: number): void {
  if (alpha <= 0) return;
  const a0 = (out[o + 3] ?? 0) / 255;
  const a = alpha + a0 * (1 - alpha);
  for (let c = 0; c < 3; c++) {
    const src = rgb[c] as number;
    const dst = out[o + c] ?? 0;
    out[o + c] = a === 0 ? 0 : (src * alpha + dst * a0 * (1 - alpha)) / a;
  }
  out[o + 3] = a * 255;
}

/** heatColour for every confidence byte, computed once. */
const HEAT: readonly { rgb: Rgb; alpha: number }[] = Array.from({ length: 256 }, (_, c) => heatColour(c));

/** Deferral values the colour table distinguishes (0 = AI, then experts); larger ones share the last colour. */
const DEFERRAL_SLOTS = 16;

/** The composited colour of every (confidence, deferral, AI mask, label) combination for one set of options. */
function colourTable(options: OverlayOptions): Int32Array {
  const opacity = Math.min(1, Math.max(0, options.opacity));
  const rgba = new Uint8ClampedArray(256 * DEFERRAL_SLOTS * 4 * 4);
  for (let c = 0; c < 256; c++) {
    for (let d = 0; d < DEFERRAL_SLOTS; d++) {
      for (let m = 0; m < 4; m++) {
        const o = (((c * DEFERRAL_SLOTS + d) << 2) | m) * 4;
        if (options.showConfidence) {
          const heat = HEAT[c] as { rgb: Rgb; alpha: number };
          blend(rgba, o, heat.rgb, heat.alpha * opacity);
        }
        if (options.showDeferral && d > 0) {
          const expert = d - 1;
          const alpha = options.myExpertIndex === null || options.myExpertIndex === expert ? MINE_ALPHA : OTHERS_ALPHA;
          blend(rgba, o, expertColour(expert), alpha * opacity * 0.6);
        }
        if (options.showAiMask && (m & 2) !== 0) blend(rgba, o, AI_MASK_COLOUR, opacity);
        if (options.showLabels && (m & 1) !== 0) blend(rgba, o, LABEL_COLOUR, opacity);
      }
    }
  }
  return new Int32Array(rgba.buffer);
}

let cachedTable: { key: string; table: Int32Array } | null = null;

function colourTableFor(options: OverlayOptions): Int32Array {
  const key = `${options.showAiMask}|${options.showDeferral}|${options.showConfidence}|${options.showLabels}|${options.myExpertIndex}|${options.opacity}`;
  if (cachedTable?.key !== key) cachedTable = { key, table: colourTable(options) };
  return cachedTable.table;
}

/**
 * Layers are drawn bottom-up: confidence, deferral, AI mask, my labels (only in my region when I am an expert).
 * Runs per frame on up to 262k pixels, so each pixel is one look-up in a table of the options' colours.
 */
export function compositeOverlay(
  layers: OverlayLayers,
  options: OverlayOptions,
  out: Uint8ClampedArray = new Uint8ClampedArray(layers.width * layers.height * 4),
): Uint8ClampedArray {
  const n = layers.width * layers.height;
  if (out.length !== n * 4) throw new Error(`Overlay buffer has ${out.length} bytes, expected ${n * 4}.`);
  const table = colourTableFor(options);
  // Int32 rather than Uint32: the values stay small integers for the JIT instead of boxed doubles.
  const pixels = new Int32Array(out.buffer, out.byteOffset, n);
  const { aiMask, deferral, confidence, labels } = layers;
  // Outside my region my labels are the AI's and cannot change: drawn there they would only hide the AI mask.
  const mineOnly = options.myExpertIndex !== null && deferral ? options.myExpertIndex + 1 : 0;
  for (let i = 0; i < n; i++) {
    const c = confidence ? (confidence[i] as number) : 255;
    const dv = deferral ? (deferral[i] as number) : 0;
    const d = dv < DEFERRAL_SLOTS ? dv : DEFERRAL_SLOTS - 1;
    const m = aiMask && aiMask[i] !== 0 ? 2 : 0;
    const l = labels && labels[i] !== 0 && (mineOnly === 0 || dv === mineOnly) ? 1 : 0;
    pixels[i] = table[((c * DEFERRAL_SLOTS + d) << 2) | m | l] as number;
  }
  return out;
}

/** Result view: merged mask coloured by provenance (0 = AI, i+1 = expert i). */
export function compositeProvenance(
  width: number,
  height: number,
  merged: Uint8Array,
  provenance: Uint8Array,
  opacity: number,
  out: Uint8ClampedArray = new Uint8ClampedArray(width * height * 4),
): Uint8ClampedArray {
  out.fill(0);
  for (let i = 0; i < width * height; i++) {
    if ((merged[i] ?? 0) === 0) continue;
    const p = provenance[i] ?? 0;
    blend(out, i * 4, p === 0 ? AI_MASK_COLOUR : expertColour(p - 1), opacity);
  }
  return out;
}

/** Merged-mask pixels of one slice by who decided them: [AI, expert 0, expert 1, ...]. */
export function provenanceCounts(merged: Uint8Array, provenance: Uint8Array, experts: number): number[] {
  const counts = new Array<number>(experts + 1).fill(0);
  for (let i = 0; i < merged.length; i++) {
    if ((merged[i] ?? 0) === 0) continue;
    const p = provenance[i] ?? 0;
    if (p <= experts) counts[p] = (counts[p] ?? 0) + 1;
  }
  return counts;
}

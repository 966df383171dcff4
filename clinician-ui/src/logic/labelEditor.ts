// Editing of one expert's labels on one slice. Only pixels of the expert's region (the
// pixels deferred to them) can change; every other pixel is locked and keeps the value
// the server holds, which is also what the server checks (422 otherwise).

import type { Layer } from './layers';

/** One undoable change: the pixels it touched with their values before and after. */
interface Edit {
  readonly indices: Uint32Array;
  readonly before: Uint8Array;
  readonly after: Uint8Array;
}

export const MAX_UNDO = 200;

export class LabelEditor {
  readonly width: number;
  readonly height: number;
  private readonly region: Uint8Array;
  private readonly labels: Uint8Array;
  /** Region pixels the expert has looked at and decided (painted, erased, filled or accepted). */
  private readonly reviewed: Uint8Array;
  private readonly undoStack: Edit[] = [];
  private readonly redoStack: Edit[] = [];
  private readonly regionTotal: number;
  private dirtyFlag = false;
  /** While a pointer stroke is in progress: the value before the stroke of every pixel it changed. */
  private strokeBefore: Map<number, number> | null = null;

  constructor(region: Layer, labels: Layer, reviewed?: Uint8Array) {
    if (region.width !== labels.width || region.height !== labels.height) {
      throw new Error(
        `Region ${region.width}x${region.height} and labels ${labels.width}x${labels.height} differ in size.`,
      );
    }
    this.width = region.width;
    this.height = region.height;
    this.region = region.data;
    this.labels = new Uint8Array(labels.data);
    this.reviewed = new Uint8Array(this.labels.length);
    let total = 0;
    for (let i = 0; i < this.region.length; i++) {
      if (this.region[i] !== 0) {
        total++;
        if (reviewed !== undefined && reviewed[i] !== 0) this.reviewed[i] = 1;
      }
    }
    this.regionTotal = total;
  }

  /** A copy of the current labels, ready to encode and send. */
  snapshot(): Uint8Array {
    return new Uint8Array(this.labels);
  }

  /** Read-only view for rendering (no copy). */
  get labelData(): Uint8Array {
    return this.labels;
  }

  get regionData(): Uint8Array {
    return this.region;
  }

  get reviewedData(): Uint8Array {
    return this.reviewed;
  }

  /** True when there are edits not yet saved to the server. */
  get dirty(): boolean {
    return this.dirtyFlag;
  }

  markSaved(): void {
    this.dirtyFlag = false;
  }

  label(x: number, y: number): number {
    return this.inside(x, y) ? (this.labels[y * this.width + x] ?? 0) : 0;
  }

  isLocked(x: number, y: number): boolean {
    return !this.inside(x, y) || this.region[y * this.width + x] === 0;
  }

  progress(): { done: number; total: number } {
    let done = 0;
    for (let i = 0; i < this.reviewed.length; i++) {
      if (this.reviewed[i] !== 0) done++;
    }
    return { done, total: this.regionTotal };
  }

  /** Paints (value 1) or erases (value 0) a disc of `radius` pixels; locked pixels are skipped. */
  brush(cx: number, cy: number, radius: number, value: 0 | 1): boolean {
    return this.apply(this.discIndices(cx, cy, radius), value);
  }

  /** Paints a stroke from one point to the next so fast mouse moves leave no gaps. */
  stroke(x0: number, y0: number, x1: number, y1: number, radius: number, value: 0 | 1): boolean {
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / Math.max(1, radius / 2)));
    const indices = new Set<number>();
    for (let s = 0; s <= steps; s++) {
      const cx = Math.round(x0 + ((x1 - x0) * s) / steps);
      const cy = Math.round(y0 + ((y1 - y0) * s) / steps);
      for (const i of this.discIndices(cx, cy, radius)) indices.add(i);
    }
    return this.apply([...indices], value);
  }

  /**
   * Fills the 4-connected area of the seed's label within the region with `value`. The fill
   * never leaves the region, so it cannot leak into locked pixels.
   */
  fill(x: number, y: number, value: 0 | 1): boolean {
    if (this.isLocked(x, y)) return false;
    const seed = y * this.width + x;
    const target = this.labels[seed];
    const seen = new Uint8Array(this.labels.length);
    const indices: number[] = [];
    const queue = [seed];
    seen[seed] = 1;
    while (queue.length > 0) {
      const i = queue.pop() as number;
      indices.push(i);
      const px = i % this.width;
      const neighbours = [
        px > 0 ? i - 1 : -1,
        px < this.width - 1 ? i + 1 : -1,
        i - this.width,
        i + this.width,
      ];
      for (const n of neighbours) {
        if (n >= 0 && n < this.labels.length && seen[n] === 0 && this.region[n] !== 0 && this.labels[n] === target) {
          seen[n] = 1;
          queue.push(n);
        }
      }
    }
    return this.apply(indices, value);
  }

  /** Marks every region pixel of the slice as reviewed with its current label (one undo step). */
  acceptAll(): boolean {
    const indices: number[] = [];
    for (let i = 0; i < this.region.length; i++) {
      if (this.region[i] !== 0 && this.reviewed[i] === 0) indices.push(i);
    }
    if (indices.length === 0) return false;
    for (const i of indices) this.reviewed[i] = 1;
    this.dirtyFlag = true;
    return true;
  }

  /** From here to endStroke() every change is one undo step, as the user made it in one movement. */
  beginStroke(): void {
    this.endStroke();
    this.strokeBefore = new Map();
  }

  endStroke(): void {
    const before = this.strokeBefore;
    this.strokeBefore = null;
    if (before === null) return;
    const indices = [...before.keys()].filter((i) => this.labels[i] !== before.get(i));
    if (indices.length === 0) return;
    this.push({
      indices: Uint32Array.from(indices),
      before: Uint8Array.from(indices, (i) => before.get(i) ?? 0),
      after: Uint8Array.from(indices, (i) => this.labels[i] ?? 0),
    });
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  undo(): boolean {
    this.endStroke();
    const edit = this.undoStack.pop();
    if (edit === undefined) return false;
    edit.indices.forEach((index, k) => (this.labels[index] = edit.before[k] ?? 0));
    this.redoStack.push(edit);
    this.dirtyFlag = true;
    return true;
  }

  redo(): boolean {
    this.endStroke();
    const edit = this.redoStack.pop();
    if (edit === undefined) return false;
    edit.indices.forEach((index, k) => (this.labels[index] = edit.after[k] ?? 0));
    this.undoStack.push(edit);
    this.dirtyFlag = true;
    return true;
  }

  private inside(x: number, y: number): boolean {
    return Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < this.width && y < this.height;
  }

  private discIndices(cx: number, cy: number, radius: number): number[] {
    const r = Math.max(0, Math.floor(radius));
    const out: number[] = [];
    for (let y = Math.max(0, cy - r); y <= Math.min(this.height - 1, cy + r); y++) {
      for (let x = Math.max(0, cx - r); x <= Math.min(this.width - 1, cx + r); x++) {
        const dx = x - cx;
        const dy = y - cy;
        if (dx * dx + dy * dy <= r * r && this.region[y * this.width + x] !== 0) out.push(y * this.width + x);
      }
    }
    return out;
  }

  /** Records an edit of region pixels; returns false when nothing changed (no empty undo step). */
  private apply(indices: number[], value: number): boolean {
    for (const i of indices) this.reviewed[i] = 1;
    const changed = indices.filter((i) => this.labels[i] !== value);
    if (indices.length > 0) this.dirtyFlag = true;
    if (changed.length === 0) return false;
    if (this.strokeBefore !== null) {
      for (const i of changed) if (!this.strokeBefore.has(i)) this.strokeBefore.set(i, this.labels[i] ?? 0);
      for (const i of changed) this.labels[i] = value;
      return true;
    }
    const edit: Edit = {
      indices: Uint32Array.from(changed),
      before: Uint8Array.from(changed, (i) => this.labels[i] ?? 0),
      after: new Uint8Array(changed.length).fill(value),
    };
    for (const i of changed) this.labels[i] = value;
    this.push(edit);
    return true;
  }

  private push(edit: Edit): void {
    this.undoStack.push(edit);
    if (this.undoStack.length > MAX_UNDO) this.undoStack.shift();
    this.redoStack.length = 0;
  }
}

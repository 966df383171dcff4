import { describe, expect, it } from 'vitest';
import { LabelEditor } from './labelEditor';
import type { Layer } from './layers';

/** Builds a layer from rows of characters: '#' or digits set, '.' zero. */
function layer(rows: string[]): Layer {
  const width = rows[0]?.length ?? 0;
  const data = new Uint8Array(width * rows.length);
  rows.forEach((row, y) =>
    [...row].forEach((ch, x) => (data[y * width + x] = ch === '#' ? 1 : ch === '.' ? 0 : Number(ch))),
  );
  return { width, height: rows.length, data };
}

function picture(editor: LabelEditor): string[] {
  const rows: string[] = [];
  for (let y = 0; y < editor.height; y++) {
    let row = '';
    for (let x = 0; x < editor.width; x++) row += editor.label(x, y) ? '#' : '.';
    rows.push(row);
  }
  return rows;
}

// My region: the left 4 columns of a 7x5 slice.
const region = layer(['####...', '####...', '####...', '####...', '####...']);
const empty = layer(['.......', '.......', '.......', '.......', '.......']);

describe('LabelEditor', () => {
  it('paints a disc with the brush but never outside my region', () => {
    const editor = new LabelEditor(region, empty);
    expect(editor.brush(3, 2, 1, 1)).toBe(true);
    expect(picture(editor)).toEqual(['.......', '...#...', '..##...', '...#...', '.......']);
    expect(editor.isLocked(4, 2)).toBe(true);
    expect(editor.label(4, 2)).toBe(0);
  });

  it('keeps locked pixels as the server holds them, even when they are set', () => {
    const labels = layer(['......#', '......#', '.......', '.......', '.......']);
    const editor = new LabelEditor(region, labels);
    editor.brush(5, 0, 3, 0);
    expect(editor.label(6, 0)).toBe(1);
    expect(editor.label(6, 1)).toBe(1);
  });

  it('erases with the eraser', () => {
    const editor = new LabelEditor(region, layer(['####...', '####...', '.......', '.......', '.......']));
    editor.brush(0, 0, 0, 0);
    expect(picture(editor)[0]).toBe('.###...');
  });

  it('fills the connected area of the seed label within my region only', () => {
    // A closed contour in my region; the fill stays inside it and never leaks into the locked columns.
    const labels = layer(['####...', '#..#...', '####...', '.......', '.......']);
    const editor = new LabelEditor(region, labels);
    expect(editor.fill(1, 1, 1)).toBe(true);
    expect(picture(editor)).toEqual(['####...', '####...', '####...', '.......', '.......']);
    editor.fill(0, 4, 1);
    expect(picture(editor)).toEqual(['####...', '####...', '####...', '####...', '####...']);
  });

  it('refuses to fill from a locked pixel', () => {
    const editor = new LabelEditor(region, empty);
    expect(editor.fill(5, 2, 1)).toBe(false);
    expect(editor.canUndo).toBe(false);
  });

  it('undoes and redoes in order, and a new edit clears the redo stack', () => {
    const editor = new LabelEditor(region, empty);
    editor.brush(0, 0, 0, 1);
    editor.brush(1, 0, 0, 1);
    expect(picture(editor)[0]).toBe('##.....');
    editor.undo();
    expect(picture(editor)[0]).toBe('#......');
    editor.undo();
    expect(picture(editor)[0]).toBe('.......');
    expect(editor.undo()).toBe(false);
    editor.redo();
    expect(picture(editor)[0]).toBe('#......');
    editor.brush(3, 0, 0, 1);
    expect(editor.canRedo).toBe(false);
    expect(picture(editor)[0]).toBe('#..#...');
  });

  it('undoes a whole pointer stroke in one step', () => {
    const editor = new LabelEditor(region, empty);
    editor.beginStroke();
    editor.brush(0, 0, 0, 1);
    editor.stroke(0, 0, 3, 0, 0, 1);
    editor.stroke(3, 0, 3, 2, 0, 1);
    editor.endStroke();
    expect(picture(editor).slice(0, 3)).toEqual(['####...', '...#...', '...#...']);
    expect(editor.undo()).toBe(true);
    expect(picture(editor).slice(0, 3)).toEqual(['.......', '.......', '.......']);
    expect(editor.canUndo).toBe(false);
    editor.redo();
    expect(picture(editor)[1]).toBe('...#...');
  });

  it('does not record an undo step for a stroke that changed nothing', () => {
    const editor = new LabelEditor(region, empty);
    expect(editor.brush(1, 1, 1, 0)).toBe(false);
    expect(editor.canUndo).toBe(false);
  });

  it('draws a gap-free stroke between two far points', () => {
    const editor = new LabelEditor(region, empty);
    editor.stroke(0, 0, 0, 4, 0, 1);
    expect(picture(editor).map((r) => r[0]).join('')).toBe('#####');
  });

  it('reports progress: region pixels touched or accepted over the region size', () => {
    const editor = new LabelEditor(region, empty);
    expect(editor.progress()).toEqual({ done: 0, total: 20 });
    editor.brush(0, 0, 0, 0);
    expect(editor.progress()).toEqual({ done: 1, total: 20 });
    expect(editor.dirty).toBe(true);
    editor.acceptAll();
    expect(editor.progress()).toEqual({ done: 20, total: 20 });
  });

  it('restores reviewed pixels from a draft, but only inside my region', () => {
    const reviewed = new Uint8Array(35).fill(1);
    expect(new LabelEditor(region, empty, reviewed).progress()).toEqual({ done: 20, total: 20 });
  });

  it('refuses layers of different sizes', () => {
    expect(() => new LabelEditor(region, layer(['..']))).toThrow('differ in size');
  });

  it('hands out a snapshot that later edits do not change', () => {
    const editor = new LabelEditor(region, empty);
    const before = editor.snapshot();
    editor.brush(0, 0, 0, 1);
    expect(before[0]).toBe(0);
    expect(editor.snapshot()[0]).toBe(1);
  });
});

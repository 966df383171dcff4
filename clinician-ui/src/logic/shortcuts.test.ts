import { describe, expect, it } from 'vitest';
import { SHORTCUTS, actionFor, describeKeys, type KeyPress } from './shortcuts';

function press(key: string, mods: Partial<KeyPress> = {}): KeyPress {
  return { key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods };
}

describe('shortcuts', () => {
  it('maps the viewer keys', () => {
    expect(actionFor(press('ArrowDown'), 'viewer')).toBe('next-slice');
    expect(actionFor(press('2'), 'viewer')).toBe('preset-lung');
    expect(actionFor(press('B', { shiftKey: true }), 'viewer')).toBe('tool-brush');
  });

  it('tells undo from redo, Ctrl and Cmd alike', () => {
    expect(actionFor(press('z', { ctrlKey: true }), 'viewer')).toBe('undo');
    expect(actionFor(press('Z', { ctrlKey: true, shiftKey: true }), 'viewer')).toBe('redo');
    expect(actionFor(press('y', { metaKey: true }), 'viewer')).toBe('redo');
    expect(actionFor(press('z'), 'viewer')).toBeNull();
  });

  it('keeps viewer keys out of other screens but global keys everywhere', () => {
    expect(actionFor(press('b'), 'global')).toBeNull();
    expect(actionFor(press('?', { shiftKey: true }), 'global')).toBe('help');
    expect(actionFor(press('g'), 'viewer')).toBe('go-worklist');
  });

  it('has no key bound to two actions in the same scope', () => {
    const seen = new Map<string, string>();
    for (const s of SHORTCUTS) {
      for (const k of s.keys) {
        const id = `${s.scope === 'global' ? '*' : s.scope}|${s.ctrl ?? false}|${s.shift ?? false}|${k.toLowerCase()}`;
        expect(seen.get(id) ?? s.action).toBe(s.action);
        seen.set(id, s.action);
      }
    }
  });

  it('describes keys for the help page', () => {
    expect(describeKeys({ action: 'redo', keys: ['z'], ctrl: true, shift: true, description: '', scope: 'viewer' })).toBe('Ctrl+Shift+Z');
  });
});

// Keyboard shortcuts: one table that drives both the key handling and the help page.

export type Action =
  | 'next-slice'
  | 'previous-slice'
  | 'preset-soft-tissue'
  | 'preset-lung'
  | 'preset-bone'
  | 'tool-brush'
  | 'tool-eraser'
  | 'tool-fill'
  | 'tool-pan'
  | 'tool-window'
  | 'brush-bigger'
  | 'brush-smaller'
  | 'undo'
  | 'redo'
  | 'toggle-ai-mask'
  | 'toggle-deferral'
  | 'toggle-confidence'
  | 'toggle-labels'
  | 'accept-slice'
  | 'save'
  | 'submit'
  | 'reset-view'
  | 'go-worklist'
  | 'help';

export interface Shortcut {
  readonly action: Action;
  /** KeyboardEvent.key values (case-insensitive for letters). */
  readonly keys: readonly string[];
  readonly ctrl?: boolean;
  readonly shift?: boolean;
  readonly description: string;
  readonly scope: 'viewer' | 'global';
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'next-slice', keys: ['ArrowDown', 'PageDown', 'j'], description: 'Next slice', scope: 'viewer' },
  { action: 'previous-slice', keys: ['ArrowUp', 'PageUp', 'k'], description: 'Previous slice', scope: 'viewer' },
  { action: 'preset-soft-tissue', keys: ['1'], description: 'Window: CT soft tissue (W400 L40)', scope: 'viewer' },
  { action: 'preset-lung', keys: ['2'], description: 'Window: lung (W1500 L-600)', scope: 'viewer' },
  { action: 'preset-bone', keys: ['3'], description: 'Window: bone (W1800 L400)', scope: 'viewer' },
  { action: 'tool-brush', keys: ['b'], description: 'Brush tool (paint my pixels)', scope: 'viewer' },
  { action: 'tool-eraser', keys: ['e'], description: 'Eraser tool', scope: 'viewer' },
  { action: 'tool-fill', keys: ['f'], description: 'Region fill within my region', scope: 'viewer' },
  { action: 'tool-pan', keys: ['p'], description: 'Pan / zoom (wheel + Ctrl zooms)', scope: 'viewer' },
  { action: 'tool-window', keys: ['w'], description: 'Window/level by dragging', scope: 'viewer' },
  { action: 'brush-bigger', keys: [']'], description: 'Larger brush', scope: 'viewer' },
  { action: 'brush-smaller', keys: ['['], description: 'Smaller brush', scope: 'viewer' },
  { action: 'undo', keys: ['z'], ctrl: true, description: 'Undo', scope: 'viewer' },
  { action: 'redo', keys: ['z'], ctrl: true, shift: true, description: 'Redo', scope: 'viewer' },
  { action: 'redo', keys: ['y'], ctrl: true, description: 'Redo', scope: 'viewer' },
  { action: 'toggle-ai-mask', keys: ['m'], description: 'Show/hide AI mask', scope: 'viewer' },
  { action: 'toggle-deferral', keys: ['d'], description: 'Show/hide deferral map', scope: 'viewer' },
  { action: 'toggle-confidence', keys: ['c'], description: 'Show/hide confidence heat map', scope: 'viewer' },
  { action: 'toggle-labels', keys: ['l'], description: 'Show/hide my labels', scope: 'viewer' },
  { action: 'accept-slice', keys: ['a'], description: 'Accept my region on this slice as it is', scope: 'viewer' },
  { action: 'save', keys: ['s'], ctrl: true, description: 'Save draft now', scope: 'viewer' },
  { action: 'submit', keys: ['Enter'], ctrl: true, description: 'Submit (complete the Task)', scope: 'viewer' },
  { action: 'reset-view', keys: ['r'], description: 'Reset zoom, pan and window', scope: 'viewer' },
  { action: 'go-worklist', keys: ['g'], description: 'Go to the worklist', scope: 'global' },
  { action: 'help', keys: ['?'], description: 'Keyboard shortcuts', scope: 'global' },
];

export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly shiftKey: boolean;
  readonly altKey: boolean;
}

/** The action for a key press in a scope, or null. Ctrl and Cmd are the same (macOS). */
export function actionFor(press: KeyPress, scope: 'viewer' | 'global'): Action | null {
  if (press.altKey) return null;
  const ctrl = press.ctrlKey || press.metaKey;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  for (const s of SHORTCUTS) {
    if (s.scope !== 'global' && s.scope !== scope) continue;
    if ((s.ctrl ?? false) !== ctrl) continue;
    // Shift is significant only for ctrl-combinations (Ctrl+Shift+Z); '?' needs shift on most layouts.
    if (ctrl && (s.shift ?? false) !== press.shiftKey) continue;
    if (s.keys.some((k) => (k.length === 1 ? k.toLowerCase() : k) === key)) return s.action;
  }
  return null;
}

export function describeKeys(s: Shortcut): string {
  const mod = (s.ctrl ? 'Ctrl+' : '') + (s.shift ? 'Shift+' : '');
  return s.keys.map((k) => mod + (k.length === 1 ? k.toUpperCase() : k)).join(' / ');
}

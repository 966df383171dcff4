// Keyboard shortcuts and the colour legend, generated from the same tables the code uses.

import { el } from '../app/context';
import { SHORTCUTS, describeKeys } from '../logic/shortcuts';
import { AI_MASK_COLOUR, EXPERT_COLOURS, LABEL_COLOUR, type Rgb } from '../logic/overlay';

function swatch(rgb: Rgb): HTMLSpanElement {
  const s = el('span', { class: 'swatch', 'aria-hidden': 'true' });
  s.style.background = `rgb(${rgb.join(',')})`;
  return s;
}

export function mountHelp(container: HTMLElement): () => void {
  const rows = SHORTCUTS.map((s) =>
    el('tr', {}, el('td', {}, el('kbd', { text: describeKeys(s) })), el('td', { text: s.description }), el('td', { text: s.scope === 'global' ? 'everywhere' : 'image viewer' })),
  );
  container.replaceChildren(
    el('h1', { text: 'Help' }),
    el('h2', { text: 'Keyboard shortcuts' }),
    el('table', { id: 'shortcuts', class: 'worklist' }, el('thead', {}, el('tr', {}, el('th', { text: 'Keys' }), el('th', { text: 'Action' }), el('th', { text: 'Where' }))), el('tbody', {}, ...rows)),
    el('p', { text: 'Mouse in the viewer: wheel scrolls slices, Ctrl+wheel zooms; with the brush, eraser or fill tool the left button edits. With the pan tool (P) the left button pans and the right button zooms; with the window tool (W) dragging changes window and level.' }),
    el('h2', { text: 'Overlay colours' }),
    el(
      'ul',
      { class: 'legend' },
      el('li', {}, swatch(AI_MASK_COLOUR), 'AI mask (the structure as the AI segmented it)'),
      el('li', {}, swatch(LABEL_COLOUR), 'My labels (what I paint in my region)'),
      ...EXPERT_COLOURS.slice(0, 3).map((c, i) => el('li', {}, swatch(c), `Pixels deferred to expert ${i + 1} (mine bright, others dimmed)`)),
      el('li', {}, 'Confidence heat map: red where the AI is unsure, transparent where it is sure'),
    ),
    el('h2', { text: 'When something fails' }),
    el('p', { text: 'Every edit is kept on this computer before it is sent. If the server is down or your session expires, a red banner says so; sign in again or retry and the kept edits are sent automatically.' }),
  );
  return () => undefined;
}

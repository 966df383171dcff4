// A sortable table whose header buttons report the column clicked; rows are built by the caller.

import { el } from '../app/context';

export interface Column<K extends string> {
  readonly key: K;
  readonly label: string;
  readonly sortable?: boolean;
}

export interface SortState<K extends string> {
  readonly column: K;
  readonly direction: 'asc' | 'desc';
}

export function sortableTable<K extends string>(
  id: string,
  caption: string,
  columns: readonly Column<K>[],
  rows: readonly HTMLTableRowElement[],
  sort: SortState<K> | null,
  onSort: (column: K) => void,
): HTMLTableElement {
  const header = el(
    'tr',
    {},
    ...columns.map((c) => {
      const active = sort !== null && sort.column === c.key;
      const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none';
      if (c.sortable === false) return el('th', { scope: 'col' }, el('span', { class: 'th-label', text: c.label }));
      const button = el('button', { type: 'button', 'data-column': c.key }, c.label, el('span', { class: 'sort-indicator', 'aria-hidden': 'true', text: active ? (sort.direction === 'asc' ? '▲' : '▼') : '' }));
      button.addEventListener('click', () => onSort(c.key));
      return el('th', { scope: 'col', 'aria-sort': ariaSort }, button);
    }),
  );
  return el('table', { id, class: 'worklist' }, el('caption', { class: 'visually-hidden', text: caption }), el('thead', {}, header), el('tbody', {}, ...rows));
}

export function cell(text: string, className?: string, title?: string): HTMLTableCellElement {
  const props: Record<string, string> = { text };
  if (className !== undefined) props['class'] = className;
  if (title !== undefined) props['title'] = title;
  return el('td', props);
}

export function badge(text: string, className: string): HTMLTableCellElement {
  return el('td', {}, el('span', { class: `status ${className}`, text }));
}

export function select(id: string, label: string, options: readonly [string, string][], value: string, onChange: (v: string) => void): HTMLLabelElement {
  const s = el('select', { id }, ...options.map(([v, l]) => el('option', { value: v, text: l })));
  s.value = value;
  s.addEventListener('change', () => onChange(s.value));
  return el('label', {}, label, s);
}

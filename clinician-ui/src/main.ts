// Worklist page: wires the DOM in index.html to the pure logic in worklist.ts.
// Study data is only ever written with textContent, never as HTML.

import { fetchStudies } from './api';
import {
  NO_FILTER,
  STATUS_LABELS,
  STUDY_STATUSES,
  distinctModalities,
  filterStudies,
  formatAge,
  isStudyStatus,
  sortStudies,
  toggleSort,
  type SortColumn,
  type SortOrder,
  type Study,
  type WorklistFilter,
} from './worklist';

interface PageState {
  /** null until the worklist has loaded successfully (or after a failed load). */
  studies: Study[] | null;
  loading: boolean;
  error: string | null;
  sort: SortOrder;
  filter: WorklistFilter;
}

const state: PageState = {
  studies: null,
  loading: false,
  error: null,
  sort: { column: 'receivedAt', direction: 'desc' },
  filter: NO_FILTER,
};

function element<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (found === null) {
    throw new Error(`index.html is missing ${selector}`);
  }
  return found;
}

const view = {
  refreshButton: element<HTMLButtonElement>('#refresh'),
  errorBanner: element<HTMLDivElement>('#error-banner'),
  filterForm: element<HTMLFormElement>('#filters'),
  statusSelect: element<HTMLSelectElement>('#filter-status'),
  modalitySelect: element<HTMLSelectElement>('#filter-modality'),
  textInput: element<HTMLInputElement>('#filter-text'),
  summary: element<HTMLParagraphElement>('#summary'),
  table: element<HTMLTableElement>('#worklist'),
  tableBody: element<HTMLTableSectionElement>('#worklist tbody'),
  sortButtons: [...document.querySelectorAll<HTMLButtonElement>('#worklist th button[data-column]')],
  emptyState: element<HTMLParagraphElement>('#empty-state'),
};

const SORT_COLUMNS: readonly SortColumn[] = [
  'receivedAt',
  'modality',
  'description',
  'status',
  'studyInstanceUid',
];

function isSortColumn(value: string | undefined): value is SortColumn {
  return (SORT_COLUMNS as readonly (string | undefined)[]).includes(value);
}

function option(value: string, label: string): HTMLOptionElement {
  const opt = document.createElement('option');
  opt.value = value;
  opt.textContent = label;
  return opt;
}

function renderStatusOptions(): void {
  view.statusSelect.replaceChildren(
    option('', 'All'),
    ...STUDY_STATUSES.map((status) => option(status, STATUS_LABELS[status])),
  );
}

/** Modality choices come from the data; a selected modality stays selectable after a reload. */
function renderModalityOptions(): void {
  const modalities = distinctModalities(state.studies ?? []);
  const selected = state.filter.modality;
  if (selected !== null && !modalities.includes(selected)) {
    modalities.push(selected);
  }
  view.modalitySelect.replaceChildren(
    option('', 'All'),
    ...modalities.map((modality) => option(modality, modality)),
  );
  view.modalitySelect.value = selected ?? '';
}

function renderSortHeaders(): void {
  for (const button of view.sortButtons) {
    const header = button.parentElement;
    const indicator = button.querySelector('.sort-indicator');
    const active = button.dataset['column'] === state.sort.column;
    const ascending = state.sort.direction === 'asc';
    header?.setAttribute('aria-sort', active ? (ascending ? 'ascending' : 'descending') : 'none');
    if (indicator !== null) {
      indicator.textContent = active ? (ascending ? '▲' : '▼') : '';
    }
  }
}

function cell(text: string, className?: string): HTMLTableCellElement {
  const td = document.createElement('td');
  td.textContent = text;
  if (className !== undefined) {
    td.className = className;
  }
  return td;
}

function studyRow(study: Study, now: Date): HTMLTableRowElement {
  const received = cell(formatAge(study.receivedAt, now));
  received.title = study.receivedAt;

  const badge = document.createElement('span');
  badge.className = `status status-${study.status}`;
  badge.textContent = STATUS_LABELS[study.status];
  const status = document.createElement('td');
  status.append(badge);

  const row = document.createElement('tr');
  row.append(
    received,
    cell(study.modality),
    cell(study.description),
    status,
    cell(study.studyInstanceUid, 'uid'),
  );
  return row;
}

function render(): void {
  const now = new Date();
  const all = state.studies;
  const visible = all === null ? [] : sortStudies(filterStudies(all, state.filter), state.sort);

  view.errorBanner.hidden = state.error === null;
  view.errorBanner.textContent = state.error ?? '';
  view.refreshButton.disabled = state.loading;

  view.table.hidden = all === null;
  view.tableBody.replaceChildren(...visible.map((study) => studyRow(study, now)));
  renderSortHeaders();

  if (state.loading) {
    view.summary.textContent = 'Loading studies…';
  } else if (all === null) {
    view.summary.textContent = 'Worklist unavailable.';
  } else {
    view.summary.textContent = `Showing ${visible.length} of ${all.length} studies.`;
  }

  // Only claim "no studies" when the server actually said so.
  const emptyMessage =
    all === null || visible.length > 0
      ? null
      : all.length === 0
        ? 'No studies in the worklist.'
        : 'No studies match the current filters.';
  view.emptyState.hidden = emptyMessage === null;
  view.emptyState.textContent = emptyMessage ?? '';
}

async function loadStudies(): Promise<void> {
  state.loading = true;
  render();
  try {
    state.studies = await fetchStudies();
    state.error = null;
  } catch (error) {
    // Do not keep showing rows that can no longer be confirmed as current.
    state.studies = null;
    state.error = error instanceof Error ? error.message : 'Could not load the worklist.';
  } finally {
    state.loading = false;
  }
  renderModalityOptions();
  render();
}

function readFilterInputs(): WorklistFilter {
  const status = view.statusSelect.value;
  const modality = view.modalitySelect.value;
  return {
    status: isStudyStatus(status) ? status : null,
    modality: modality === '' ? null : modality,
    text: view.textInput.value,
  };
}

function bindEvents(): void {
  view.refreshButton.addEventListener('click', () => void loadStudies());

  view.filterForm.addEventListener('input', () => {
    state.filter = readFilterInputs();
    render();
  });
  view.filterForm.addEventListener('submit', (event) => event.preventDefault());
  view.filterForm.addEventListener('reset', () => {
    // The form resets its controls after this event; mirror that in the state.
    state.filter = NO_FILTER;
    render();
  });

  for (const button of view.sortButtons) {
    button.addEventListener('click', () => {
      const column = button.dataset['column'];
      if (isSortColumn(column)) {
        state.sort = toggleSort(state.sort, column);
        render();
      }
    });
  }
}

const AGE_REFRESH_MS = 60_000;

renderStatusOptions();
renderModalityOptions();
bindEvents();
void loadStudies();
// Keep the age column current without refetching.
window.setInterval(render, AGE_REFRESH_MS);

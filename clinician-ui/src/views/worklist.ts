// Worklist: the signed-in expert's review Tasks and the studies, sorted and filtered,
// updated live when a job, Task or result changes.

import { el, type AppContext } from '../app/context';
import { ApiError } from '../api/client';
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
} from '../logic/worklist';
import {
  DEFAULT_TASK_FILTER,
  DEFAULT_TASK_SORT,
  TASK_STATUSES,
  TASK_STATUS_LABELS,
  applyTaskEvent,
  deadlineState,
  filterTasks,
  formatProgress,
  progressFraction,
  sortTasks,
  type Task,
  type TaskFilter,
  type TaskSort,
  type TaskSortColumn,
} from '../logic/tasks';
import { badge, cell, select, sortableTable } from './table';

interface State {
  studies: Study[] | null;
  tasks: Task[] | null;
  /** Tasks need the workflow API; until the server has it, the section says so. */
  tasksUnavailable: string | null;
  loading: boolean;
  studySort: SortOrder;
  studyFilter: WorklistFilter;
  taskSort: TaskSort;
  taskFilter: TaskFilter;
}

const AGE_REFRESH_MS = 60_000;

export function mountWorklist(container: HTMLElement, ctx: AppContext): () => void {
  const state: State = {
    studies: null,
    tasks: null,
    tasksUnavailable: null,
    loading: false,
    studySort: { column: 'receivedAt', direction: 'desc' },
    studyFilter: NO_FILTER,
    taskSort: DEFAULT_TASK_SORT,
    taskFilter: DEFAULT_TASK_FILTER,
  };
  const showTasks = ctx.screens.has('viewer');
  const refresh = el('button', { type: 'button', id: 'refresh', text: 'Refresh' });
  const taskSection = el('section', { id: 'tasks-section', 'aria-labelledby': 'tasks-heading' });
  const studySection = el('section', { id: 'studies-section', 'aria-labelledby': 'studies-heading' });
  container.replaceChildren(
    el('div', { class: 'view-header' }, el('h1', { text: 'Worklist' }), refresh),
    ...(showTasks ? [taskSection] : []),
    studySection,
  );

  function taskRow(task: Task, now: Date): HTMLTableRowElement {
    const open = el('a', { href: `#/tasks/${encodeURIComponent(task.id)}`, text: task.status === 'COMPLETED' ? 'View' : 'Open' });
    const deadline = deadlineState(task, now);
    const progress = el('progress', { max: '1', value: String(progressFraction(task)) });
    return el(
      'tr',
      { 'data-task': task.id, class: `priority-${task.priority}` },
      badge(task.priority === 'urgent' ? 'Urgent' : 'Routine', `priority priority-${task.priority}`),
      badge(TASK_STATUS_LABELS[task.status], `task-status task-${task.status}`),
      cell(formatAge(task.createdAt, now), undefined, task.createdAt),
      cell(task.deadline === null ? '—' : `${deadline === 'overdue' ? 'Overdue ' : ''}${new Date(task.deadline).toLocaleString()}`, `deadline-${deadline}`),
      el('td', {}, progress, ` ${formatProgress(task.donePixels, task.regionPixels)}`),
      cell(task.studyInstanceUid, 'uid'),
      el('td', {}, open),
    );
  }

  function renderTasks(now: Date): void {
    const heading = el('h2', { id: 'tasks-heading', text: 'My review Tasks' });
    if (state.tasksUnavailable !== null) {
      taskSection.replaceChildren(heading, el('p', { class: 'empty-state', text: state.tasksUnavailable }));
      return;
    }
    const all = state.tasks ?? [];
    const visible = sortTasks(filterTasks(all, state.taskFilter), state.taskSort);
    const filters = el(
      'form',
      { class: 'filters', role: 'search', 'aria-label': 'Filter Tasks' },
      select('task-status', 'Status', [['', 'Any'], ...TASK_STATUSES.map((s): [string, string] => [s, TASK_STATUS_LABELS[s]])], state.taskFilter.status ?? '', (v) => {
        state.taskFilter = { ...state.taskFilter, status: (TASK_STATUSES as readonly string[]).includes(v) ? (v as Task['status']) : null, openOnly: v === '' ? state.taskFilter.openOnly : false };
        render();
      }),
      select('task-priority', 'Priority', [['', 'Any'], ['urgent', 'Urgent'], ['routine', 'Routine']], state.taskFilter.priority ?? '', (v) => {
        state.taskFilter = { ...state.taskFilter, priority: v === 'urgent' || v === 'routine' ? v : null };
        render();
      }),
    );
    const openOnly = el('input', { type: 'checkbox', id: 'task-open-only' });
    openOnly.checked = state.taskFilter.openOnly;
    openOnly.addEventListener('change', () => {
      state.taskFilter = { ...state.taskFilter, openOnly: openOnly.checked };
      render();
    });
    filters.append(el('label', { class: 'inline' }, openOnly, 'Open Tasks only'));
    const table = sortableTable<TaskSortColumn | 'study' | 'open'>(
      'task-list',
      'My review Tasks',
      [
        { key: 'priority', label: 'Priority' },
        { key: 'status', label: 'Status' },
        { key: 'createdAt', label: 'Age' },
        { key: 'deadline', label: 'Deadline' },
        { key: 'progress', label: 'My region done' },
        { key: 'study', label: 'Study UID', sortable: false },
        { key: 'open', label: '', sortable: false },
      ],
      visible.map((t) => taskRow(t, now)),
      state.taskSort,
      (column) => {
        if (column === 'study' || column === 'open') return;
        state.taskSort = state.taskSort.column === column ? { column, direction: state.taskSort.direction === 'asc' ? 'desc' : 'asc' } : { column, direction: 'asc' };
        render();
      },
    );
    const summary = el('p', { class: 'summary', text: state.tasks === null ? 'Loading Tasks…' : `Showing ${visible.length} of ${all.length} Tasks.` });
    const empty = state.tasks !== null && visible.length === 0 ? [el('p', { class: 'empty-state', text: all.length === 0 ? 'No review Tasks for you.' : 'No Tasks match the filters.' })] : [];
    taskSection.replaceChildren(heading, filters, summary, table, ...empty);
  }

  function studyRow(study: Study, now: Date): HTMLTableRowElement {
    const action = study.resultId && ctx.screens.has('result') ? el('a', { href: `#/results/${encodeURIComponent(study.resultId)}`, text: 'Result' }) : '';
    return el(
      'tr',
      {},
      cell(formatAge(study.receivedAt, now), undefined, study.receivedAt),
      cell(study.modality),
      cell(study.description),
      badge(STATUS_LABELS[study.status], `status-${study.status}`),
      cell(study.studyInstanceUid, 'uid'),
      el('td', {}, action),
    );
  }

  function renderStudies(now: Date): void {
    const all = state.studies;
    const visible = all === null ? [] : sortStudies(filterStudies(all, state.studyFilter), state.studySort);
    const modalities = distinctModalities(all ?? []);
    const text = el('input', { id: 'filter-text', type: 'search', placeholder: 'e.g. chest', autocomplete: 'off' });
    text.value = state.studyFilter.text;
    text.addEventListener('input', () => {
      state.studyFilter = { ...state.studyFilter, text: text.value };
      renderStudies(new Date());
      (document.getElementById('filter-text') as HTMLInputElement | null)?.focus();
    });
    const filters = el(
      'form',
      { id: 'filters', class: 'filters', role: 'search', 'aria-label': 'Filter studies' },
      select('filter-status', 'Status', [['', 'All'], ...STUDY_STATUSES.map((s): [string, string] => [s, STATUS_LABELS[s]])], state.studyFilter.status ?? '', (v) => {
        state.studyFilter = { ...state.studyFilter, status: isStudyStatus(v) ? v : null };
        render();
      }),
      select('filter-modality', 'Modality', [['', 'All'], ...modalities.map((m): [string, string] => [m, m])], state.studyFilter.modality ?? '', (v) => {
        state.studyFilter = { ...state.studyFilter, modality: v === '' ? null : v };
        render();
      }),
      el('label', { class: 'filter-text' }, 'Description', text),
    );
    filters.addEventListener('submit', (e) => e.preventDefault());
    const table = sortableTable<SortColumn | 'open'>(
      'worklist',
      'Studies',
      [
        { key: 'receivedAt', label: 'Received' },
        { key: 'modality', label: 'Modality' },
        { key: 'description', label: 'Description' },
        { key: 'status', label: 'Status' },
        { key: 'studyInstanceUid', label: 'Study UID' },
        { key: 'open', label: '', sortable: false },
      ],
      visible.map((s) => studyRow(s, now)),
      state.studySort,
      (column) => {
        if (column === 'open') return;
        state.studySort = toggleSort(state.studySort, column);
        render();
      },
    );
    table.hidden = all === null;
    const summaryText = state.loading && all === null ? 'Loading studies…' : all === null ? 'Worklist unavailable.' : `Showing ${visible.length} of ${all.length} studies.`;
    const emptyText = all === null || visible.length > 0 ? null : all.length === 0 ? 'No studies in the worklist.' : 'No studies match the current filters.';
    studySection.replaceChildren(
      el('h2', { id: 'studies-heading', text: 'Studies' }),
      filters,
      el('p', { id: 'summary', class: 'summary', 'aria-live': 'polite', text: summaryText }),
      table,
      ...(emptyText === null ? [] : [el('p', { id: 'empty-state', class: 'empty-state', text: emptyText })]),
    );
  }

  function render(): void {
    const now = new Date();
    refresh.disabled = state.loading;
    if (showTasks) renderTasks(now);
    renderStudies(now);
  }

  async function loadTasks(): Promise<void> {
    try {
      state.tasks = await ctx.api.tasks(true);
      state.tasksUnavailable = null;
    } catch (error) {
      state.tasks = null;
      state.tasksUnavailable =
        error instanceof ApiError && error.kind === 'not-found'
          ? 'This server does not offer review Tasks yet.'
          : ctx.reportError(error, 'tasks');
    }
  }

  async function load(): Promise<void> {
    state.loading = true;
    render();
    try {
      state.studies = await ctx.api.studies();
    } catch (error) {
      // Do not keep showing rows that can no longer be confirmed as current.
      state.studies = null;
      ctx.reportError(error, 'worklist');
    }
    if (showTasks) await loadTasks();
    state.loading = false;
    render();
  }

  refresh.addEventListener('click', () => void load());
  const unsubscribe = ctx.events.subscribe((event) => {
    if (event.kind === 'task' && state.tasks !== null) {
      const next = applyTaskEvent(state.tasks, event);
      state.tasks = next.tasks;
      if (next.reload) void loadTasks().then(render);
      else render();
    } else {
      void load();
    }
  });
  const timer = window.setInterval(render, AGE_REFRESH_MS);
  void load();
  return () => {
    unsubscribe();
    window.clearInterval(timer);
  };
}

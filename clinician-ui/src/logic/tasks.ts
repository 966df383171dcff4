// The signed-in expert's review Tasks in the worklist: sorting, filtering, urgency, progress.

export const TASK_STATUSES = ['READY', 'IN_PROGRESS', 'COMPLETED', 'EXPIRED', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const PRIORITIES = ['urgent', 'routine'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface Task {
  readonly id: string;
  readonly resultId: string;
  readonly studyInstanceUid: string;
  readonly expert: string;
  readonly expertIndex: number;
  readonly status: TaskStatus;
  readonly priority: Priority;
  readonly createdAt: string;
  readonly deadline: string | null;
  readonly regionPixels: number;
  readonly donePixels: number;
}

export const TASK_STATUS_LABELS: Readonly<Record<TaskStatus, string>> = {
  READY: 'Ready',
  IN_PROGRESS: 'In progress',
  COMPLETED: 'Completed',
  EXPIRED: 'Expired',
  CANCELLED: 'Cancelled (series changed)',
};

export function isTask(value: unknown): value is Task {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return (
    typeof t['id'] === 'string' &&
    typeof t['studyInstanceUid'] === 'string' &&
    typeof t['expertIndex'] === 'number' &&
    (TASK_STATUSES as readonly unknown[]).includes(t['status']) &&
    (PRIORITIES as readonly unknown[]).includes(t['priority']) &&
    typeof t['createdAt'] === 'string' &&
    typeof t['regionPixels'] === 'number' &&
    typeof t['donePixels'] === 'number'
  );
}

export type TaskSortColumn = 'priority' | 'createdAt' | 'deadline' | 'status' | 'progress';

export interface TaskSort {
  readonly column: TaskSortColumn;
  readonly direction: 'asc' | 'desc';
}

/** Default: urgent first, then the oldest (waiting longest) first. */
export const DEFAULT_TASK_SORT: TaskSort = { column: 'priority', direction: 'asc' };

export interface TaskFilter {
  readonly status: TaskStatus | null;
  readonly priority: Priority | null;
  /** Hide completed and expired Tasks (the default view of an expert). */
  readonly openOnly: boolean;
}

export const DEFAULT_TASK_FILTER: TaskFilter = { status: null, priority: null, openOnly: true };

function instant(iso: string | null): number {
  if (iso === null) return Number.POSITIVE_INFINITY;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

export function progressFraction(task: Pick<Task, 'regionPixels' | 'donePixels'>): number {
  return task.regionPixels <= 0 ? 1 : Math.min(1, task.donePixels / task.regionPixels);
}

export function formatProgress(done: number, total: number): string {
  if (total <= 0) return 'nothing deferred to you';
  const pct = Math.floor((100 * Math.min(done, total)) / total);
  return `${done.toLocaleString('en')} / ${total.toLocaleString('en')} px (${pct} %)`;
}

function compare(a: Task, b: Task, column: TaskSortColumn): number {
  switch (column) {
    case 'priority':
      return (
        PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) ||
        instant(a.createdAt) - instant(b.createdAt)
      );
    case 'createdAt':
      return instant(a.createdAt) - instant(b.createdAt);
    case 'deadline':
      return instant(a.deadline) - instant(b.deadline);
    case 'status':
      return TASK_STATUSES.indexOf(a.status) - TASK_STATUSES.indexOf(b.status);
    case 'progress':
      return progressFraction(a) - progressFraction(b);
  }
}

export function sortTasks(tasks: readonly Task[], sort: TaskSort): Task[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...tasks].sort((a, b) => {
    const r = compare(a, b, sort.column);
    return Number.isNaN(r) ? 0 : sign * r;
  });
}

export function filterTasks(tasks: readonly Task[], filter: TaskFilter): Task[] {
  return tasks.filter(
    (t) =>
      (filter.status === null || t.status === filter.status) &&
      (filter.priority === null || t.priority === filter.priority) &&
      (!filter.openOnly || t.status === 'READY' || t.status === 'IN_PROGRESS'),
  );
}

/** A deadline within `soonMs` (or past) is flagged in the worklist. */
export function deadlineState(task: Task, now: Date, soonMs = 4 * 3_600_000): 'overdue' | 'soon' | 'ok' | 'none' {
  if (task.deadline === null) return 'none';
  const left = instant(task.deadline) - now.getTime();
  if (left < 0) return 'overdue';
  return left < soonMs ? 'soon' : 'ok';
}

/** Applies one live update (SSE `task` event) to the list; unknown ids mean "reload". */
export function applyTaskEvent(
  tasks: readonly Task[],
  event: { id: string; status: string },
): { tasks: Task[]; reload: boolean } {
  const index = tasks.findIndex((t) => t.id === event.id);
  if (index < 0 || !(TASK_STATUSES as readonly string[]).includes(event.status)) {
    return { tasks: [...tasks], reload: true };
  }
  const updated = [...tasks];
  updated[index] = { ...(tasks[index] as Task), status: event.status as TaskStatus };
  return { tasks: updated, reload: false };
}

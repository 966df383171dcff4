import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TASK_FILTER,
  DEFAULT_TASK_SORT,
  applyTaskEvent,
  deadlineState,
  filterTasks,
  formatProgress,
  isTask,
  sortTasks,
  type Task,
} from './tasks';

function task(id: string, over: Partial<Task> = {}): Task {
  return {
    id,
    resultId: 'r1',
    studyInstanceUid: '1.2.3',
    expert: 'rad1',
    expertIndex: 0,
    status: 'READY',
    priority: 'routine',
    createdAt: '2026-11-27T06:00:00Z',
    deadline: null,
    regionPixels: 100,
    donePixels: 0,
    ...over,
  };
}

describe('tasks', () => {
  const tasks = [
    task('old-routine', { createdAt: '2026-11-26T06:00:00Z' }),
    task('new-urgent', { priority: 'urgent', createdAt: '2026-11-27T07:00:00Z' }),
    task('done', { status: 'COMPLETED', donePixels: 100 }),
    task('old-urgent', { priority: 'urgent', createdAt: '2026-11-27T05:00:00Z', status: 'IN_PROGRESS', donePixels: 50 }),
  ];

  it('sorts urgent first, then waiting longest first', () => {
    expect(sortTasks(tasks, DEFAULT_TASK_SORT).map((t) => t.id)).toEqual([
      'old-urgent',
      'new-urgent',
      'old-routine',
      'done',
    ]);
  });

  it('sorts by progress descending', () => {
    expect(sortTasks(tasks, { column: 'progress', direction: 'desc' }).map((t) => t.id)[0]).toBe('done');
  });

  it('hides completed and expired Tasks by default, filters by status and priority', () => {
    expect(filterTasks(tasks, DEFAULT_TASK_FILTER).map((t) => t.id)).not.toContain('done');
    expect(filterTasks(tasks, { status: 'COMPLETED', priority: null, openOnly: false }).map((t) => t.id)).toEqual(['done']);
    expect(filterTasks(tasks, { status: null, priority: 'urgent', openOnly: true })).toHaveLength(2);
  });

  it('flags deadlines', () => {
    const now = new Date('2026-11-27T08:00:00Z');
    expect(deadlineState(task('a', { deadline: '2026-11-27T07:00:00Z' }), now)).toBe('overdue');
    expect(deadlineState(task('a', { deadline: '2026-11-27T09:00:00Z' }), now)).toBe('soon');
    expect(deadlineState(task('a', { deadline: '2026-11-28T09:00:00Z' }), now)).toBe('ok');
    expect(deadlineState(task('a'), now)).toBe('none');
  });

  it('formats progress of my region', () => {
    expect(formatProgress(1234, 5000)).toBe('1,234 / 5,000 px (24 %)');
    expect(formatProgress(0, 0)).toBe('nothing deferred to you');
  });

  it('applies a live status update, or asks for a reload for an unknown Task', () => {
    const updated = applyTaskEvent(tasks, { id: 'new-urgent', status: 'COMPLETED' });
    expect(updated.reload).toBe(false);
    expect(updated.tasks.find((t) => t.id === 'new-urgent')?.status).toBe('COMPLETED');
    expect(applyTaskEvent(tasks, { id: 'unknown', status: 'READY' }).reload).toBe(true);
  });

  it('checks the server JSON', () => {
    expect(isTask(task('x'))).toBe(true);
    expect(isTask({ ...task('x'), status: 'DONE' })).toBe(false);
  });
});

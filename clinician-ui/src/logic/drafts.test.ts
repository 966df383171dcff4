import { describe, expect, it } from 'vitest';
import { DraftStore, MemoryStore, resubmitDrafts, type Draft } from './drafts';

function draft(taskId: string, slice: number, value = 1): Draft {
  return {
    taskId,
    slice,
    width: 2,
    height: 2,
    labels: Uint8Array.from([value, 0, 0, value]),
    reviewed: Uint8Array.from([1, 1, 0, 0]),
    savedAt: '2026-11-27T08:00:00Z',
  };
}

describe('DraftStore', () => {
  it('keeps a draft across a reload (a new store on the same storage)', () => {
    const storage = new MemoryStore();
    new DraftStore(storage).save(draft('t1', 3));
    const loaded = new DraftStore(storage).load('t1', 3);
    expect(loaded && [...loaded.labels]).toEqual([1, 0, 0, 1]);
    expect(loaded && [...loaded.reviewed]).toEqual([1, 1, 0, 0]);
  });

  it('lists drafts of one task by slice and ignores foreign keys', () => {
    const storage = new MemoryStore();
    storage.setItem('other.app', 'x');
    const store = new DraftStore(storage);
    store.save(draft('t1', 5));
    store.save(draft('t2', 0));
    store.save(draft('t1', 2));
    expect(store.list('t1').map((d) => d.slice)).toEqual([2, 5]);
    expect(store.list()).toHaveLength(3);
  });

  it('lets a storage error (quota) reach the caller instead of losing the edit silently', () => {
    const full = new MemoryStore();
    full.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    expect(() => new DraftStore(full).save(draft('t1', 0))).toThrow('quota');
  });
});

describe('resubmitDrafts', () => {
  it('removes only drafts the server confirmed and keeps the failed ones', async () => {
    const store = new DraftStore(new MemoryStore());
    store.save(draft('t1', 0));
    store.save(draft('t1', 1));
    const outcome = await resubmitDrafts(store, async (d) => {
      if (d.slice === 1) throw new Error('422 outside region');
    });
    expect(outcome.saved).toBe(1);
    expect(outcome.failed.map((f) => [f.draft.slice, f.reason])).toEqual([[1, '422 outside region']]);
    expect(store.list().map((d) => d.slice)).toEqual([1]);
  });

  it('stops after a server-down or expired-token error and keeps every draft', async () => {
    const store = new DraftStore(new MemoryStore());
    store.save(draft('t1', 0));
    store.save(draft('t1', 1));
    let calls = 0;
    const outcome = await resubmitDrafts(
      store,
      async () => {
        calls++;
        throw new Error('Server unreachable');
      },
      't1',
      () => true,
    );
    expect(calls).toBe(1);
    expect(outcome.failed).toHaveLength(2);
    expect(store.list('t1')).toHaveLength(2);
  });
});

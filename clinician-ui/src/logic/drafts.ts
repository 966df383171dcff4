// Unsaved edits survive a server outage, an expired token or a closed tab: every edit is
// written to local storage first and removed only after the server confirmed the save.

import { decodeLayer, encodeLayer } from './layers';

/** The subset of the Web Storage API we need (localStorage in the browser). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  key(index: number): string | null;
  readonly length: number;
}

export interface Draft {
  readonly taskId: string;
  readonly slice: number;
  readonly width: number;
  readonly height: number;
  readonly labels: Uint8Array;
  readonly reviewed: Uint8Array;
  /** ISO-8601 time of the last edit. */
  readonly savedAt: string;
}

const PREFIX = 'consilium.draft.';

function keyOf(taskId: string, slice: number): string {
  return `${PREFIX}${taskId}.${slice}`;
}

interface StoredDraft {
  taskId: string;
  slice: number;
  width: number;
  height: number;
  labels: string;
  reviewed: string;
  savedAt: string;
}

export class DraftStore {
  constructor(private readonly store: KeyValueStore) {}

  save(draft: Draft): void {
    const stored: StoredDraft = {
      taskId: draft.taskId,
      slice: draft.slice,
      width: draft.width,
      height: draft.height,
      labels: encodeLayer(draft.labels),
      reviewed: encodeLayer(draft.reviewed),
      savedAt: draft.savedAt,
    };
    // A full storage must not pass silently: the caller shows the error and keeps the edit in memory.
    this.store.setItem(keyOf(draft.taskId, draft.slice), JSON.stringify(stored));
  }

  load(taskId: string, slice: number): Draft | null {
    const raw = this.store.getItem(keyOf(taskId, slice));
    return raw === null ? null : parse(raw);
  }

  remove(taskId: string, slice: number): void {
    this.store.removeItem(keyOf(taskId, slice));
  }

  /** Every stored draft of the task (all tasks when taskId is omitted), by slice. */
  list(taskId?: string): Draft[] {
    const drafts: Draft[] = [];
    for (let i = 0; i < this.store.length; i++) {
      const key = this.store.key(i);
      if (key === null || !key.startsWith(PREFIX)) continue;
      const draft = parse(this.store.getItem(key) ?? '');
      if (draft !== null && (taskId === undefined || draft.taskId === taskId)) drafts.push(draft);
    }
    return drafts.sort((a, b) => a.taskId.localeCompare(b.taskId) || a.slice - b.slice);
  }
}

function parse(raw: string): Draft | null {
  try {
    const s = JSON.parse(raw) as StoredDraft;
    return {
      taskId: s.taskId,
      slice: s.slice,
      width: s.width,
      height: s.height,
      labels: decodeLayer(s.labels, s.width, s.height, 'draft labels').data,
      reviewed: decodeLayer(s.reviewed, s.width, s.height, 'draft reviewed').data,
      savedAt: s.savedAt,
    };
  } catch {
    return null;
  }
}

export interface ResubmitOutcome {
  readonly saved: number;
  /** Drafts still pending, with the reason the server gave. */
  readonly failed: readonly { draft: Draft; reason: string }[];
}

/**
 * Sends every pending draft; a draft leaves local storage only when its PUT succeeded.
 * Stops trying further drafts after an error marked `fatalForAll` (server down, token
 * expired) since they would all fail the same way.
 */
export async function resubmitDrafts(
  store: DraftStore,
  put: (draft: Draft) => Promise<void>,
  taskId?: string,
  isFatalForAll: (error: unknown) => boolean = () => false,
): Promise<ResubmitOutcome> {
  let saved = 0;
  const failed: { draft: Draft; reason: string }[] = [];
  let stop = false;
  for (const draft of store.list(taskId)) {
    if (stop) {
      failed.push({ draft, reason: 'not tried: the server is not reachable' });
      continue;
    }
    try {
      await put(draft);
      store.remove(draft.taskId, draft.slice);
      saved++;
    } catch (error) {
      failed.push({ draft, reason: error instanceof Error ? error.message : String(error) });
      stop = isFatalForAll(error);
    }
  }
  return { saved, failed };
}

/** An in-memory store for tests and for browsers with storage disabled. */
export class MemoryStore implements KeyValueStore {
  private readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  key(index: number): string | null {
    return [...this.map.keys()][index] ?? null;
  }
  get length(): number {
    return this.map.size;
  }
}

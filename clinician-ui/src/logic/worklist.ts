// Pure worklist logic: no DOM, no network, so every rule here is unit-tested.

/** Workflow states in the order a study passes through them. */
export const STUDY_STATUSES = ['RECEIVED', 'SEGMENTING', 'IN_REVIEW', 'FINAL', 'FAILED'] as const;

export type StudyStatus = (typeof STUDY_STATUSES)[number];

/** One row of `GET /api/studies`. */
export interface Study {
  readonly studyInstanceUid: string;
  readonly modality: string;
  readonly description: string;
  readonly status: StudyStatus;
  /** ISO-8601 timestamp. */
  readonly receivedAt: string;
  /** The segmentation result, once there is one (workflow API). */
  readonly resultId?: string | null;
}

export const STATUS_LABELS: Readonly<Record<StudyStatus, string>> = {
  RECEIVED: 'Received',
  SEGMENTING: 'Segmenting',
  IN_REVIEW: 'In review',
  FINAL: 'Final',
  FAILED: 'Failed',
};

export type SortColumn = 'studyInstanceUid' | 'modality' | 'description' | 'status' | 'receivedAt';
export type SortDirection = 'asc' | 'desc';

export interface SortOrder {
  readonly column: SortColumn;
  readonly direction: SortDirection;
}

/** `null` for status or modality means "any". */
export interface WorklistFilter {
  readonly status: StudyStatus | null;
  readonly modality: string | null;
  /** Free text, matched case-insensitively anywhere in the description. */
  readonly text: string;
}

export const NO_FILTER: WorklistFilter = { status: null, modality: null, text: '' };

export function isStudyStatus(value: unknown): value is StudyStatus {
  return typeof value === 'string' && (STUDY_STATUSES as readonly string[]).includes(value);
}

/** Checks one element of the server's JSON before the UI trusts it. */
export function isStudy(value: unknown): value is Study {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const row = value as Record<string, unknown>;
  return (
    typeof row['studyInstanceUid'] === 'string' &&
    typeof row['modality'] === 'string' &&
    typeof row['description'] === 'string' &&
    isStudyStatus(row['status']) &&
    typeof row['receivedAt'] === 'string'
  );
}

const textCollator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function compareByColumn(a: Study, b: Study, column: SortColumn): number {
  switch (column) {
    case 'receivedAt':
      // Compare instants, not strings: the server may send different UTC offsets.
      return timestampOf(a.receivedAt) - timestampOf(b.receivedAt);
    case 'status':
      // Workflow order (Received … Failed) rather than alphabetical.
      return STUDY_STATUSES.indexOf(a.status) - STUDY_STATUSES.indexOf(b.status);
    default:
      return textCollator.compare(a[column], b[column]);
  }
}

/** Unparseable timestamps sort as the oldest, so they are not hidden among recent studies. */
function timestampOf(iso: string): number {
  const millis = Date.parse(iso);
  return Number.isNaN(millis) ? Number.NEGATIVE_INFINITY : millis;
}

/** Returns a new, sorted array; rows that compare equal keep their original order. */
export function sortStudies(studies: readonly Study[], order: SortOrder): Study[] {
  const sign = order.direction === 'asc' ? 1 : -1;
  return [...studies].sort((a, b) => {
    const result = compareByColumn(a, b, order.column);
    // Infinity - Infinity is NaN: treat as equal.
    return Number.isNaN(result) ? 0 : sign * result;
  });
}

/** Clicking the current sort column flips its direction; a new column starts ascending. */
export function toggleSort(current: SortOrder, column: SortColumn): SortOrder {
  if (current.column === column) {
    return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  }
  return { column, direction: 'asc' };
}

export function matchesFilter(study: Study, filter: WorklistFilter): boolean {
  if (filter.status !== null && study.status !== filter.status) {
    return false;
  }
  if (filter.modality !== null && study.modality.toUpperCase() !== filter.modality.toUpperCase()) {
    return false;
  }
  const text = filter.text.trim().toLowerCase();
  return text === '' || study.description.toLowerCase().includes(text);
}

export function filterStudies(studies: readonly Study[], filter: WorklistFilter): Study[] {
  return studies.filter((study) => matchesFilter(study, filter));
}

/** The modalities present in the worklist, for the modality filter. */
export function distinctModalities(studies: readonly Study[]): string[] {
  return [...new Set(studies.map((study) => study.modality))].sort(textCollator.compare);
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * How long ago a study was received, rounded down: "< 1 min", "5 min", "3 h", "2 d".
 * Up to a minute in the future (clock skew) reads as "< 1 min"; further ahead reads
 * as "in future" and an unparseable timestamp as "unknown", so neither passes as recent.
 */
export function formatAge(receivedAt: string, now: Date): string {
  const received = Date.parse(receivedAt);
  if (Number.isNaN(received)) {
    return 'unknown';
  }
  const elapsed = now.getTime() - received;
  if (elapsed < -MINUTE_MS) {
    return 'in future';
  }
  if (elapsed < MINUTE_MS) {
    return '< 1 min';
  }
  if (elapsed < HOUR_MS) {
    return `${Math.floor(elapsed / MINUTE_MS)} min`;
  }
  if (elapsed < DAY_MS) {
    return `${Math.floor(elapsed / HOUR_MS)} h`;
  }
  return `${Math.floor(elapsed / DAY_MS)} d`;
}

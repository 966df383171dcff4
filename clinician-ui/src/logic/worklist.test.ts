import { describe, expect, it } from 'vitest';
import {
  NO_FILTER,
  distinctModalities,
  filterStudies,
  formatAge,
  isStudy,
  sortStudies,
  toggleSort,
  type Study,
} from './worklist';

const chestCt: Study = {
  studyInstanceUid: '1.2.840.1.3',
  modality: 'CT',
  description: 'CT Chest with contrast',
  status: 'IN_REVIEW',
  receivedAt: '2025-03-10T08:15:00Z',
};
const kneeMr: Study = {
  studyInstanceUid: '1.2.840.1.10',
  modality: 'MR',
  description: 'MRI Knee left',
  status: 'RECEIVED',
  receivedAt: '2025-03-10T09:40:00Z',
};
const mandibleCbct: Study = {
  studyInstanceUid: '1.2.840.1.2',
  modality: 'CBCT',
  description: 'Mandible implant planning',
  status: 'FAILED',
  receivedAt: '2025-03-09T16:05:00Z',
};
const abdomenCt: Study = {
  studyInstanceUid: '1.2.840.1.1',
  modality: 'CT',
  description: 'ct abdomen / pelvis',
  status: 'FINAL',
  // 10:00 in UTC+02:00 is 08:00Z: earlier than chestCt despite the larger string.
  receivedAt: '2025-03-10T10:00:00+02:00',
};

const worklist: readonly Study[] = [chestCt, kneeMr, mandibleCbct, abdomenCt];

function uids(studies: readonly Study[]): string[] {
  return studies.map((study) => study.studyInstanceUid);
}

describe('sortStudies', () => {
  it('orders by time received, comparing instants across UTC offsets', () => {
    expect(uids(sortStudies(worklist, { column: 'receivedAt', direction: 'asc' }))).toEqual([
      mandibleCbct.studyInstanceUid,
      abdomenCt.studyInstanceUid,
      chestCt.studyInstanceUid,
      kneeMr.studyInstanceUid,
    ]);
  });

  it('puts the newest study first when descending', () => {
    expect(uids(sortStudies(worklist, { column: 'receivedAt', direction: 'desc' }))).toEqual([
      kneeMr.studyInstanceUid,
      chestCt.studyInstanceUid,
      abdomenCt.studyInstanceUid,
      mandibleCbct.studyInstanceUid,
    ]);
  });

  it('orders status by workflow stage, not alphabetically', () => {
    const statuses = sortStudies(worklist, { column: 'status', direction: 'asc' }).map((s) => s.status);
    expect(statuses).toEqual(['RECEIVED', 'IN_REVIEW', 'FINAL', 'FAILED']);
  });

  it('orders descriptions case-insensitively', () => {
    const descriptions = sortStudies(worklist, { column: 'description', direction: 'asc' }).map(
      (s) => s.description,
    );
    expect(descriptions).toEqual([
      'ct abdomen / pelvis',
      'CT Chest with contrast',
      'Mandible implant planning',
      'MRI Knee left',
    ]);
  });

  it('orders UIDs numerically within each component', () => {
    expect(uids(sortStudies(worklist, { column: 'studyInstanceUid', direction: 'asc' }))).toEqual([
      '1.2.840.1.1',
      '1.2.840.1.2',
      '1.2.840.1.3',
      '1.2.840.1.10',
    ]);
  });

  it('keeps the original order of rows with the same value', () => {
    const ctFirstByModality = sortStudies(worklist, { column: 'modality', direction: 'asc' });
    expect(uids(ctFirstByModality)).toEqual([
      mandibleCbct.studyInstanceUid,
      chestCt.studyInstanceUid,
      abdomenCt.studyInstanceUid,
      kneeMr.studyInstanceUid,
    ]);
  });

  it('sorts an unparseable time as the oldest', () => {
    const broken: Study = { ...kneeMr, studyInstanceUid: '9.9', receivedAt: 'not a date' };
    const sorted = sortStudies([chestCt, broken], { column: 'receivedAt', direction: 'asc' });
    expect(uids(sorted)).toEqual(['9.9', chestCt.studyInstanceUid]);
  });

  it('does not modify the input array', () => {
    const input = [...worklist];
    sortStudies(input, { column: 'modality', direction: 'desc' });
    expect(input).toEqual(worklist);
  });
});

describe('toggleSort', () => {
  it('flips the direction when the same column is clicked again', () => {
    expect(toggleSort({ column: 'status', direction: 'asc' }, 'status')).toEqual({
      column: 'status',
      direction: 'desc',
    });
    expect(toggleSort({ column: 'status', direction: 'desc' }, 'status')).toEqual({
      column: 'status',
      direction: 'asc',
    });
  });

  it('starts a newly chosen column ascending', () => {
    expect(toggleSort({ column: 'receivedAt', direction: 'desc' }, 'modality')).toEqual({
      column: 'modality',
      direction: 'asc',
    });
  });
});

describe('filterStudies', () => {
  it('passes every study when no filter is set', () => {
    expect(filterStudies(worklist, NO_FILTER)).toEqual(worklist);
  });

  it('keeps only studies in the chosen status', () => {
    expect(uids(filterStudies(worklist, { ...NO_FILTER, status: 'FAILED' }))).toEqual([
      mandibleCbct.studyInstanceUid,
    ]);
  });

  it('keeps only studies of the chosen modality, ignoring case', () => {
    expect(uids(filterStudies(worklist, { ...NO_FILTER, modality: 'ct' }))).toEqual([
      chestCt.studyInstanceUid,
      abdomenCt.studyInstanceUid,
    ]);
  });

  it('does not treat one modality as a prefix of another', () => {
    expect(filterStudies(worklist, { ...NO_FILTER, modality: 'C' })).toEqual([]);
  });

  it('matches free text anywhere in the description, ignoring case and surrounding spaces', () => {
    expect(uids(filterStudies(worklist, { ...NO_FILTER, text: '  KNEE ' }))).toEqual([
      kneeMr.studyInstanceUid,
    ]);
    expect(uids(filterStudies(worklist, { ...NO_FILTER, text: 'plan' }))).toEqual([
      mandibleCbct.studyInstanceUid,
    ]);
  });

  it('requires every filter to match', () => {
    const filter = { status: 'FINAL', modality: 'CT', text: 'abdomen' } as const;
    expect(uids(filterStudies(worklist, filter))).toEqual([abdomenCt.studyInstanceUid]);
    expect(filterStudies(worklist, { ...filter, text: 'chest' })).toEqual([]);
  });
});

describe('distinctModalities', () => {
  it('lists each modality once, in order', () => {
    expect(distinctModalities(worklist)).toEqual(['CBCT', 'CT', 'MR']);
  });
});

describe('formatAge', () => {
  const now = new Date('2025-03-10T12:00:00Z');

  it.each([
    ['2025-03-10T11:59:30Z', '< 1 min'],
    ['2025-03-10T11:59:00Z', '1 min'],
    ['2025-03-10T11:55:00Z', '5 min'],
    ['2025-03-10T11:00:01Z', '59 min'],
    ['2025-03-10T11:00:00Z', '1 h'],
    ['2025-03-10T08:30:00Z', '3 h'],
    ['2025-03-09T12:00:01Z', '23 h'],
    ['2025-03-09T12:00:00Z', '1 d'],
    ['2025-03-08T09:00:00Z', '2 d'],
    ['2025-03-10T13:00:00+02:00', '1 h'],
  ])('received %s reads "%s" at 12:00Z', (receivedAt, expected) => {
    expect(formatAge(receivedAt, now)).toBe(expected);
  });

  it('reads a slightly future time (clock skew) as under a minute', () => {
    expect(formatAge('2025-03-10T12:00:20Z', now)).toBe('< 1 min');
  });

  it('does not pass a time well in the future off as recent', () => {
    expect(formatAge('2025-03-10T14:00:00Z', now)).toBe('in future');
  });

  it('reads an unparseable time as unknown', () => {
    expect(formatAge('yesterday', now)).toBe('unknown');
  });
});

describe('isStudy', () => {
  it('accepts a well-formed row', () => {
    expect(isStudy(chestCt)).toBe(true);
  });

  it('rejects an unknown status or a missing field', () => {
    expect(isStudy({ ...chestCt, status: 'ARCHIVED' })).toBe(false);
    const { modality: _omitted, ...withoutModality } = chestCt;
    expect(isStudy(withoutModality)).toBe(false);
    expect(isStudy(null)).toBe(false);
  });
});

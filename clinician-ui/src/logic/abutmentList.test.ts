import { describe, expect, it } from 'vitest';
import { caseListQuery, caseRow, isCaseStatus } from './abutmentList';

describe('abutment case list', () => {
  it('asks the server for the status and the search text it was given, newest first by default', () => {
    expect(caseListQuery({ status: null, text: '' })).toBe('limit=50');
    expect(caseListQuery({ status: 'PROPOSED', text: '  PID-77 ' })).toBe('status=PROPOSED&q=PID-77&limit=50');
    expect(caseListQuery({ status: null, text: 'lab 4 & co' }, 200)).toBe('q=lab+4+%26+co&limit=200');
  });

  it('shows whose case it is, how many implants, and when it was made', () => {
    const row = caseRow({
      id: '2c1e',
      caseId: 'demo-bridge-36-46',
      status: 'PROPOSED',
      patientId: null,
      implants: 3,
      createdBy: 'tech1',
      createdAt: '2026-12-07T21:14:09.123456Z',
      decidedAt: null,
    });
    expect(row).toEqual({ caseId: 'demo-bridge-36-46', patient: '—', implants: '3 implants', created: '2026-12-07 21:14', by: 'tech1' });
    expect(caseRow({ ...{ id: 'a', caseId: 'c', status: 'APPROVED', patientId: 'PID-1', implants: 1, createdBy: 'dent1', createdAt: '2026-01-02T03:04:05Z', decidedAt: null } }).implants).toBe('1 implant');
  });

  it('knows the three statuses', () => {
    expect(isCaseStatus('APPROVED')).toBe(true);
    expect(isCaseStatus('approved')).toBe(false);
  });
});

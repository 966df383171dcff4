import { describe, expect, it } from 'vitest';
import { AuditFilterError, EMPTY_AUDIT_FILTER, buildAuditQuery, localToIsoUtc } from './auditQuery';

describe('buildAuditQuery', () => {
  it('sends only filled fields, trimmed, plus paging', () => {
    expect(buildAuditQuery({ ...EMPTY_AUDIT_FILTER, user: ' rad1 ', action: 'task.complete' })).toBe(
      'user=rad1&action=task.complete&page=0&size=50',
    );
  });

  it('converts local times to UTC instants', () => {
    const from = '2026-11-27T08:00';
    const query = new URLSearchParams(buildAuditQuery({ ...EMPTY_AUDIT_FILTER, from }));
    expect(query.get('from')).toBe(new Date(from).toISOString().replace('.000Z', 'Z'));
  });

  it('escapes patient identifiers', () => {
    expect(buildAuditQuery({ ...EMPTY_AUDIT_FILTER, patient: 'A&B=1' })).toContain('patient=A%26B%3D1');
  });

  it('rejects an inverted time range and unparseable times', () => {
    expect(() =>
      buildAuditQuery({ ...EMPTY_AUDIT_FILTER, from: '2026-11-28T00:00', to: '2026-11-27T00:00' }),
    ).toThrow(new AuditFilterError('From must not be after To.'));
    expect(() => localToIsoUtc('yesterday', 'From')).toThrow('From: "yesterday" is not a date and time.');
  });

  it('bounds the page size', () => {
    expect(() => buildAuditQuery({ ...EMPTY_AUDIT_FILTER, size: 1000 })).toThrow('between 1 and 500');
  });
});

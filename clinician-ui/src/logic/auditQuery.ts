// The auditor's search form -> query string of GET /api/audit/records.

export interface AuditFilter {
  readonly patient: string;
  readonly user: string;
  readonly action: string;
  /** `datetime-local` input values (local time, no zone) or ''. */
  readonly from: string;
  readonly to: string;
  readonly page: number;
  readonly size: number;
}

export const EMPTY_AUDIT_FILTER: AuditFilter = {
  patient: '',
  user: '',
  action: '',
  from: '',
  to: '',
  page: 0,
  size: 50,
};

export class AuditFilterError extends Error {
  override readonly name = 'AuditFilterError';
}

/** A `datetime-local` value in the browser's zone as an ISO-8601 UTC instant. */
export function localToIsoUtc(local: string, field: string): string {
  const millis = Date.parse(local);
  if (Number.isNaN(millis)) throw new AuditFilterError(`${field}: "${local}" is not a date and time.`);
  return new Date(millis).toISOString().replace(/\.000Z$/, 'Z');
}

/** Builds the query string; blank fields are left out; an inverted time range is rejected. */
export function buildAuditQuery(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const field of ['patient', 'user', 'action'] as const) {
    const value = filter[field].trim();
    if (value !== '') params.set(field, value);
  }
  const from = filter.from.trim() === '' ? null : localToIsoUtc(filter.from, 'From');
  const to = filter.to.trim() === '' ? null : localToIsoUtc(filter.to, 'To');
  if (from !== null && to !== null && Date.parse(from) > Date.parse(to)) {
    throw new AuditFilterError('From must not be after To.');
  }
  if (from !== null) params.set('from', from);
  if (to !== null) params.set('to', to);
  if (!Number.isInteger(filter.page) || filter.page < 0) throw new AuditFilterError('Page must be 0 or more.');
  if (!Number.isInteger(filter.size) || filter.size < 1 || filter.size > 500) {
    throw new AuditFilterError('Page size must be between 1 and 500.');
  }
  params.set('page', String(filter.page));
  params.set('size', String(filter.size));
  return params.toString();
}

// The list of abutment cases a dentist or technician picks one from: the server filters and orders it
// (newest first); this builds the query and what each row shows.

export const CASE_STATUSES = ['PROPOSED', 'APPROVED', 'REJECTED'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface AbutmentCaseSummary {
  readonly id: string;
  readonly caseId: string;
  readonly status: string;
  readonly patientId: string | null;
  readonly implants: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly decidedAt: string | null;
}

export interface CaseListFilter {
  readonly status: CaseStatus | null;
  readonly text: string;
}

/** The query string of `GET /api/abutment/cases` for a filter. */
export function caseListQuery(filter: CaseListFilter, limit = 50): string {
  const query = new URLSearchParams();
  if (filter.status !== null) query.set('status', filter.status);
  const text = filter.text.trim();
  if (text !== '') query.set('q', text);
  query.set('limit', String(limit));
  return query.toString();
}

/** What a row says: the case, whose it is, how many implants, and when it was made (UTC, to the minute). */
export function caseRow(summary: AbutmentCaseSummary): { caseId: string; patient: string; implants: string; created: string; by: string } {
  return {
    caseId: summary.caseId,
    patient: summary.patientId ?? '—',
    implants: summary.implants === 1 ? '1 implant' : `${summary.implants} implants`,
    created: summary.createdAt.slice(0, 16).replace('T', ' '),
    by: summary.createdBy,
  };
}

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value);
}

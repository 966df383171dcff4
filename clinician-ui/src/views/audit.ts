// Audit trail for auditors: search by patient, user, action and time; chain verification.

import { el, type AppContext } from '../app/context';
import type { AuditRecord } from '../api/contract';
import { AuditFilterError, EMPTY_AUDIT_FILTER, buildAuditQuery, type AuditFilter } from '../logic/auditQuery';
import { cell, sortableTable } from './table';

export function mountAudit(container: HTMLElement, ctx: AppContext): () => void {
  let filter: AuditFilter = EMPTY_AUDIT_FILTER;
  const verification = el('div', { id: 'audit-verification', class: 'verification', 'aria-live': 'polite', text: 'Verifying the chain…' });
  const message = el('p', { id: 'audit-summary', class: 'summary', 'aria-live': 'polite' });
  const results = el('div', { id: 'audit-results' });

  const input = (name: keyof AuditFilter, label: string, type = 'text'): HTMLLabelElement => {
    const i = el('input', { name, type, id: `audit-${name}`, autocomplete: 'off' });
    return el('label', {}, label, i);
  };
  const form = el(
    'form',
    { id: 'audit-filters', class: 'filters', role: 'search', 'aria-label': 'Filter the audit trail' },
    input('patient', 'Patient ID'),
    input('user', 'User'),
    input('action', 'Action'),
    input('from', 'From', 'datetime-local'),
    input('to', 'To', 'datetime-local'),
    el('button', { type: 'submit', text: 'Search' }),
    el('button', { type: 'reset', text: 'Clear' }),
  );
  const prev = el('button', { type: 'button', text: '◀ Newer' });
  const next = el('button', { type: 'button', text: 'Older ▶' });
  const verify = el('button', { type: 'button', text: 'Verify again' });

  container.replaceChildren(
    el('div', { class: 'view-header' }, el('h1', { text: 'Audit trail' }), verify),
    verification,
    form,
    message,
    results,
    el('div', { class: 'pager' }, prev, next),
  );

  function row(r: AuditRecord): HTMLTableRowElement {
    return el(
      'tr',
      { class: r.outcome === 'SUCCESS' ? '' : 'outcome-failed' },
      cell(new Date(r.recordedAt).toLocaleString(), undefined, r.recordedAt),
      cell(`${r.actorId}${r.actorRole ? ` (${r.actorRole})` : ''}`, undefined, r.actorKind),
      cell(r.action),
      cell(r.patientId ?? '—'),
      cell(r.targets.join(', '), 'uid'),
      cell(r.outcome + (r.outcomeText ? `: ${r.outcomeText}` : '')),
      cell(`${r.stream} #${r.sequence}`, 'uid', r.hash),
    );
  }

  async function search(): Promise<void> {
    let query: string;
    try {
      query = buildAuditQuery(filter);
    } catch (error) {
      message.textContent = error instanceof AuditFilterError ? error.message : String(error);
      message.classList.add('invalid');
      return;
    }
    message.classList.remove('invalid');
    message.textContent = 'Searching…';
    try {
      const records = await ctx.api.auditRecords(query);
      message.textContent = `${records.length} record(s) on page ${filter.page + 1}, newest first.`;
      results.replaceChildren(
        sortableTable('audit-table', 'Audit records', [
          { key: 'time', label: 'Time (local)', sortable: false },
          { key: 'actor', label: 'Actor', sortable: false },
          { key: 'action', label: 'Action', sortable: false },
          { key: 'patient', label: 'Patient', sortable: false },
          { key: 'targets', label: 'Targets', sortable: false },
          { key: 'outcome', label: 'Outcome', sortable: false },
          { key: 'seq', label: 'Stream / sequence', sortable: false },
        ], records.map(row), null, () => undefined),
      );
      prev.disabled = filter.page === 0;
      next.disabled = records.length < filter.size;
    } catch (error) {
      message.textContent = ctx.reportError(error, 'audit');
    }
  }

  async function runVerification(): Promise<void> {
    verification.className = 'verification';
    verification.textContent = 'Verifying the chain…';
    try {
      const v = await ctx.api.auditVerification();
      const broken = v.streams.filter((s) => !s.intact);
      verification.classList.add(v.intact ? 'intact' : 'broken');
      verification.textContent = v.intact
        ? `Chain intact: ${v.records} record(s) in ${v.streams.length} stream(s) verified end to end.`
        : `Chain BROKEN: ${broken.map((s) => `${s.stream} at #${s.firstBrokenSequence} (${s.reason})`).join('; ')}`;
    } catch (error) {
      verification.classList.add('broken');
      verification.textContent = `Verification unavailable: ${ctx.reportError(error, 'audit')}`;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    filter = {
      ...EMPTY_AUDIT_FILTER,
      patient: String(data.get('patient') ?? ''),
      user: String(data.get('user') ?? ''),
      action: String(data.get('action') ?? ''),
      from: String(data.get('from') ?? ''),
      to: String(data.get('to') ?? ''),
    };
    void search();
  });
  form.addEventListener('reset', () => {
    filter = EMPTY_AUDIT_FILTER;
    void search();
  });
  prev.addEventListener('click', () => {
    filter = { ...filter, page: Math.max(0, filter.page - 1) };
    void search();
  });
  next.addEventListener('click', () => {
    filter = { ...filter, page: filter.page + 1 };
    void search();
  });
  verify.addEventListener('click', () => void runVerification());
  void runVerification();
  void search();
  return () => undefined;
}

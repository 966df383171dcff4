// Abutment review for dentists and technicians: the list of cases (search, status), case form with FDI chart, proposal table with
// 95 % intervals and constraint notes, 3D preview, parameter edits re-checked by the server,
// approval or rejection with a reason.

import { el, type AppContext } from '../app/context';
import type { AbutmentCaseView } from '../api/contract';
import {
  CROWN_MATERIALS,
  IMPLANT_CATALOGUE,
  caseProblems,
  defaultSite,
  toSubmission,
  type CaseForm,
  type CrownMaterial,
  type SiteForm,
} from '../logic/abutmentCase';
import {
  applyEdit,
  constraintNotes,
  decisionProblem,
  designCheckNotes,
  editedDesign,
  parameterRows,
  type DesignCheck,
  type Edits,
  type Proposal,
} from '../logic/abutment';
import { CASE_STATUSES, caseRow, isCaseStatus, type AbutmentCaseSummary, type CaseListFilter } from '../logic/abutmentList';
import { FDI_CHART, toggleTooth, toothName } from '../logic/fdi';
import { badge, cell, select } from './table';
import type { AbutmentPreview } from './abutment3d';

export function mountAbutment(container: HTMLElement, ctx: AppContext, params: readonly string[]): () => void {
  const caseId = params[0];
  let preview: AbutmentPreview | null = null;
  if (caseId === undefined) renderForm(container, ctx);
  else void renderCase(container, ctx, caseId, (p) => (preview = p));
  return () => preview?.destroy();
}

// ---------- case form ----------

function renderForm(container: HTMLElement, ctx: AppContext): void {
  const form: CaseForm = { caseId: '', patientId: '', crownMaterial: 'monolithic zirconia', instructions: '', sites: [] };
  const chart = el('div', { class: 'fdi-chart', id: 'fdi-chart', role: 'group', 'aria-label': 'FDI tooth chart: choose implant sites' });
  const sites = el('div', { id: 'sites' });
  const problems = el('ul', { class: 'problems', id: 'case-problems', 'aria-live': 'polite' });
  const caseInput = el('input', { id: 'case-id', autocomplete: 'off' });
  const patientInput = el('input', { id: 'patient-id', autocomplete: 'off', maxlength: '64' });
  const material = el('select', { id: 'crown-material' }, ...CROWN_MATERIALS.map((m) => el('option', { value: m, text: m })));
  const instructions = el('textarea', { id: 'instructions', rows: '3', placeholder: "e.g. screw-retained zirconia, margin 0.5 mm subgingival, correct the angulation of 36" });
  const propose = el('button', { type: 'submit', class: 'primary', text: 'Propose abutments' });
  const formEl = el(
    'form',
    { id: 'case-form', class: 'case-form' },
    el('label', {}, 'Case ID (no patient identifiers)', caseInput),
    el('label', {}, 'Patient ID (optional: files the case under the patient for the EHR)', patientInput),
    el('label', {}, 'Crown material', material),
    el('label', { class: 'wide' }, 'Clinical instructions', instructions),
    el('fieldset', { class: 'wide' }, el('legend', { text: 'Implant sites' }), chart, sites),
    problems,
    propose,
  );

  function renderChart(): void {
    const selected = form.sites.map((s) => s.tooth);
    chart.replaceChildren(
      ...FDI_CHART.map((row) =>
        el('div', { class: 'fdi-row' }, ...row.map((tooth) => {
          const b = el('button', { type: 'button', 'data-tooth': String(tooth), title: toothName(tooth), 'aria-pressed': String(selected.includes(tooth)), text: String(tooth) });
          b.addEventListener('click', () => {
            const next = toggleTooth(selected, tooth);
            form.sites = next.map((t) => form.sites.find((s) => s.tooth === t) ?? defaultSite(t));
            renderChart();
            renderSites();
          });
          return b;
        })),
      ),
    );
  }

  function numberField(site: SiteForm, key: keyof SiteForm, label: string, step = '0.1'): HTMLLabelElement {
    const input = el('input', { type: 'number', step, value: String(site[key]), 'data-field': `${site.tooth}-${String(key)}` });
    input.addEventListener('input', () => ((site as unknown as Record<string, number>)[key] = Number(input.value)));
    return el('label', {}, label, input);
  }

  function renderSites(): void {
    sites.replaceChildren(
      ...form.sites.map((site) => {
        const implant = el('select', {}, ...IMPLANT_CATALOGUE.map((c, i) => el('option', { value: String(i), text: `${c.system} ${c.platform} (Ø ${c.diameterMm} mm, ${c.connection})` })));
        implant.value = String(site.implant);
        implant.addEventListener('change', () => (site.implant = Number(implant.value)));
        const bridge = el('input', { value: site.bridge, placeholder: 'bridge name', size: '8' });
        bridge.addEventListener('input', () => (site.bridge = bridge.value));
        return el(
          'div',
          { class: 'site', 'data-site': String(site.tooth) },
          el('strong', { text: `${site.tooth} — ${toothName(site.tooth)}` }),
          el('label', {}, 'Implant', implant),
          numberField(site, 'lengthMm', 'Length mm', '0.5'),
          numberField(site, 'softTissueHeightMm', 'Soft tissue height mm'),
          numberField(site, 'softTissueThicknessMm', 'Soft tissue thickness mm'),
          numberField(site, 'mesialGapMm', 'Mesial gap mm'),
          numberField(site, 'distalGapMm', 'Distal gap mm'),
          numberField(site, 'occlusalClearanceMm', 'Occlusal clearance mm'),
          el('label', {}, 'Bridge', bridge),
        );
      }),
    );
  }

  formEl.addEventListener('submit', (event) => {
    event.preventDefault();
    form.caseId = caseInput.value;
    form.patientId = patientInput.value;
    form.crownMaterial = material.value as CrownMaterial;
    form.instructions = instructions.value;
    const found = caseProblems(form);
    problems.replaceChildren(...found.map((p) => el('li', { text: p })));
    if (found.length > 0) return;
    propose.disabled = true;
    ctx.api
      .createAbutmentCase(toSubmission(form))
      .then((created) => (window.location.hash = `#/abutment/${encodeURIComponent(created.id)}`))
      .catch((error: unknown) => problems.replaceChildren(el('li', { text: ctx.reportError(error, 'abutment') })))
      .finally(() => (propose.disabled = false));
  });

  renderChart();
  renderSites();
  container.replaceChildren(
    el('div', { class: 'view-header' }, el('h1', { text: 'Abutment review' })),
    caseList(ctx),
    el('h2', { text: 'New case' }),
    formEl,
  );
}

// ---------- case list ----------

function caseList(ctx: AppContext): HTMLElement {
  let filter: CaseListFilter = { status: null, text: '' };
  const search = el('input', { id: 'case-search', type: 'search', placeholder: 'case or Patient ID', 'aria-label': 'Search cases by case or Patient ID' });
  const status = select('case-status-filter', 'Status', [['', 'All'], ...CASE_STATUSES.map((s): [string, string] => [s, s.toLowerCase()])], '', (value) => {
    filter = { ...filter, status: isCaseStatus(value) ? value : null };
    void load();
  });
  const summary = el('p', { class: 'summary', id: 'case-summary', 'aria-live': 'polite', text: 'Loading cases…' });
  const host = el('div', { id: 'case-list' });
  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      filter = { ...filter, text: search.value };
      void load();
    }, 250);
  });
  // Only the answer to the latest filter is shown, whatever order the answers come in.
  let latest = 0;
  async function load(): Promise<void> {
    const asked = ++latest;
    try {
      const cases = await ctx.api.abutmentCases(filter);
      if (asked !== latest) return;
      summary.textContent = cases.length === 0 ? 'No cases match.' : `Showing ${cases.length} case${cases.length === 1 ? '' : 's'}, newest first.`;
      host.replaceChildren(caseTable(cases));
    } catch (error) {
      if (asked === latest) summary.textContent = ctx.reportError(error, 'abutment');
    }
  }
  void load();
  return el('section', { class: 'case-list', 'aria-label': 'Abutment cases' }, el('h2', { text: 'Cases' }), el('div', { class: 'row filters' }, el('label', {}, 'Search', search), status), summary, host);
}

function caseTable(cases: readonly AbutmentCaseSummary[]): HTMLTableElement {
  const header = el('tr', {}, ...['Case', 'Patient ID', 'Implants', 'Status', 'Created (UTC)', 'By'].map((label) => el('th', { scope: 'col', text: label })));
  const rows = cases.map((summary) => {
    const row = caseRow(summary);
    return el(
      'tr',
      { 'data-case': summary.id },
      el('td', {}, el('a', { href: `#/abutment/${encodeURIComponent(summary.id)}`, text: row.caseId })),
      cell(row.patient),
      cell(row.implants),
      badge(summary.status, `case-${summary.status.toLowerCase()}`),
      cell(row.created),
      cell(row.by),
    );
  });
  return el('table', { id: 'case-table', class: 'worklist' }, el('caption', { class: 'visually-hidden', text: 'Abutment cases, newest first' }), el('thead', {}, header), el('tbody', {}, ...rows));
}

// ---------- proposal review ----------

async function renderCase(container: HTMLElement, ctx: AppContext, id: string, setPreview: (p: AbutmentPreview) => void): Promise<void> {
  let view: AbutmentCaseView;
  try {
    view = await ctx.api.abutmentCase(id);
  } catch (error) {
    container.replaceChildren(el('p', { class: 'empty-state', text: ctx.reportError(error, 'abutment') }));
    return;
  }
  const proposal: Proposal = view.proposal;
  let edits: Edits = new Map();
  /** The server's check of the current edits; null until re-checked, and again after every further edit. */
  let checks: DesignCheck[] | null = null;
  let selected: number | null = proposal.abutments[0]?.tooth ?? null;
  const decided = view.status !== 'PROPOSED';

  const notes = el('ul', { id: 'constraint-notes', class: 'notes', 'aria-live': 'polite' });
  const tableHost = el('div', { id: 'proposal-table' });
  const canvas = el('canvas', { id: 'abutment-3d', class: 'preview-3d', 'aria-label': '3D preview of the abutments in the jaw frame' });
  const previewStatus = el('p', { class: 'summary', text: 'Loading 3D preview…' });
  const reason = el('textarea', { id: 'decision-reason', rows: '2', placeholder: 'Reason (required to reject)' });
  const approve = el('button', { type: 'button', class: 'primary', id: 'approve', text: 'Approve' });
  const reject = el('button', { type: 'button', id: 'reject', text: 'Reject' });
  const recheck = el('button', { type: 'button', id: 'recheck', text: 'Re-check constraints' });
  const decisionMessage = el('p', { id: 'decision-message', 'aria-live': 'polite' });
  const caseStatus = el('span', { class: 'status', id: 'case-status', text: view.status });
  approve.disabled = reject.disabled = recheck.disabled = decided;

  function renderNotes(): void {
    const item = (severity: string, text: string): HTMLLIElement => el('li', { class: `note-${severity}`, text });
    if (edits.size > 0 && checks === null) {
      notes.replaceChildren(item('warning', `${edits.size} edited value(s) not yet checked: press “Re-check constraints”.`));
      return;
    }
    const list = edits.size > 0 && checks !== null ? designCheckNotes(checks) : constraintNotes(proposal);
    const ok = edits.size > 0 ? 'Edited design re-checked: all manufacturing constraints met.' : 'All manufacturing constraints met.';
    notes.replaceChildren(...(list.length === 0 ? [item('ok', ok)] : list.map((n) => item(n.severity, `${n.tooth === null ? '' : `${n.tooth}: `}${n.text}`))));
  }

  function renderTable(): void {
    const sections = proposal.abutments.map((a) => {
      const rows = parameterRows(a, edits).map((r) => {
        const input = el('input', { type: 'number', step: r.unit === 'mm' ? '0.1' : '1', value: String(r.edited ?? r.proposed), 'aria-label': `${r.label} of ${a.tooth}`, 'data-param': `${a.tooth}-${r.parameter}` });
        input.disabled = decided;
        input.addEventListener('change', () => {
          try {
            edits = applyEdit(edits, a, r.parameter, input.value);
            checks = null;
            input.setCustomValidity('');
            renderTable();
            renderNotes();
          } catch (error) {
            input.setCustomValidity(String(error));
            input.reportValidity();
          }
        });
        const digits = r.unit === 'mm' ? 1 : 0;
        return el(
          'tr',
          { class: `${r.outsideInterval ? 'outside' : ''} ${r.edited !== null ? 'edited' : ''}` },
          el('td', { text: r.label }),
          el('td', { text: `${r.proposed.toFixed(digits)} ${r.unit}` }),
          el('td', { text: `${r.low.toFixed(digits)} – ${r.high.toFixed(digits)}` }),
          el('td', {}, input),
          el('td', { text: r.adjustedBy.join(', ') + (r.outsideInterval ? ' outside 95 % interval' : '') }),
        );
      });
      const header = el('button', { type: 'button', class: 'tooth-header', 'aria-pressed': String(a.tooth === selected), text: `${a.tooth} — ${toothName(a.tooth)} · ${a.material.value} (${(100 * a.material.probability).toFixed(0)} %) · ${a.feasible ? 'feasible' : 'NOT feasible'}` });
      header.addEventListener('click', () => {
        selected = a.tooth;
        renderTable();
        void loadPreview();
      });
      return el(
        'section',
        { class: `abutment ${a.feasible ? '' : 'infeasible'}`, 'data-tooth': String(a.tooth) },
        header,
        el('table', { class: 'worklist compact' }, el('thead', {}, el('tr', {}, ...['Parameter', 'Proposed', '95 % interval', 'Value', 'Notes'].map((h) => el('th', { scope: 'col', text: h })))), el('tbody', {}, ...rows)),
      );
    });
    tableHost.replaceChildren(...sections);
  }

  let previewModule: typeof import('./abutment3d') | null = null;
  let preview: AbutmentPreview | null = null;
  async function loadPreview(): Promise<void> {
    try {
      previewModule ??= await import('./abutment3d');
      if (preview === null) {
        preview = previewModule.createPreview(canvas);
        setPreview(preview);
      }
      // An edit is shown once the server has checked it and it meets the constraints (a broken design has no
      // manufacturable solid); until then the proposal stays on screen.
      const edited = edits.size > 0 && checks !== null;
      const acceptable = edited && (checks ?? []).every((c) => c.acceptable);
      const design = acceptable ? editedDesign(proposal, edits) : undefined;
      const meshes = await Promise.all(proposal.abutments.map(async (a) => ({ tooth: a.tooth, stl: await ctx.api.abutmentStl(id, a.tooth, design) })));
      preview.show(meshes, selected);
      const shown = acceptable ? 'As edited' : edited ? 'As proposed (the edited design breaks constraints)' : 'As proposed';
      previewStatus.textContent = `${shown}. Jaw frame, mm: x to the patient's left (red), y anterior (green), z occlusal (blue). Drag to rotate, wheel to zoom.`;
    } catch (error) {
      previewStatus.textContent = `3D preview unavailable: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  recheck.addEventListener('click', () => {
    recheck.disabled = true;
    ctx.api
      .checkAbutmentDesign(id, editedDesign(proposal, edits))
      .then((checked) => {
        checks = checked;
        renderNotes();
        void loadPreview();
      })
      .catch((error: unknown) => (decisionMessage.textContent = ctx.reportError(error, 'abutment')))
      .finally(() => (recheck.disabled = decided));
  });

  function decide(approveIt: boolean): void {
    const problem = decisionProblem(proposal, approveIt, reason.value, edits, checks);
    if (problem !== null) {
      decisionMessage.textContent = problem;
      decisionMessage.className = 'invalid';
      return;
    }
    approve.disabled = reject.disabled = true;
    ctx.api
      .decideAbutmentCase(id, approveIt, reason.value.trim(), editedDesign(proposal, edits))
      .then((decided) => {
        caseStatus.textContent = decided.status;
        tableHost.querySelectorAll('input').forEach((i) => (i.disabled = true));
        decisionMessage.className = '';
        decisionMessage.textContent = approveIt ? 'Approved: the design is recorded and released.' : 'Rejected: the reason is recorded.';
        recheck.disabled = true;
      })
      .catch((error: unknown) => {
        decisionMessage.textContent = ctx.reportError(error, 'abutment');
        approve.disabled = reject.disabled = false;
      });
  }
  approve.addEventListener('click', () => decide(true));
  reject.addEventListener('click', () => decide(false));

  container.replaceChildren(
    el('div', { class: 'view-header' }, el('h1', { text: `Abutment case ${proposal.caseId}` }), caseStatus, el('a', { href: '#/abutment', text: 'New case' })),
    el('p', { class: 'summary', text: `Model: ${proposal.model}` }),
    el(
      'div',
      { class: 'abutment-layout' },
      el('div', {}, el('h2', { text: 'Constraint notes' }), notes, el('h2', { text: 'Proposal' }), tableHost, recheck),
      el('div', {}, el('h2', { text: '3D preview' }), canvas, previewStatus, el('h2', { text: 'Decision' }), reason, el('div', { class: 'row' }, approve, reject), decisionMessage),
    ),
  );
  renderNotes();
  renderTable();
  void loadPreview();
}

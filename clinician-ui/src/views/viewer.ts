// Image viewer: a Cornerstone3D stack viewport with the review overlays drawn on a canvas
// above it. Task mode lets the expert edit their deferred pixels; result mode shows the merged
// mask with provenance and the key numbers.

import { el, type AppContext } from '../app/context';
import { ApiError } from '../api/client';
import type { ResultSlice, ResultSummary, TaskDetail } from '../api/contract';
import { RENDERED, StackView, initImaging, instanceImageId, type PointerTool } from '../app/imaging';
import { clearBanner, showBanner } from '../app/banner';
import { LabelEditor } from '../logic/labelEditor';
import { decodeLayer, encodeLayer } from '../logic/layers';
import { AI_MASK_COLOUR, DEFAULT_OVERLAY_OPTIONS, expertColour, provenanceCounts, type OverlayOptions } from '../logic/overlay';
import { OverlayPainter } from '../app/overlayPainter';
import { actionFor, type Action } from '../logic/shortcuts';
import { formatProgress } from '../logic/tasks';
import { CT_PRESETS, formatWindow } from '../logic/voi';

type EditTool = 'brush' | 'eraser' | 'fill';
type Tool = EditTool | 'pan' | 'window';

interface SliceLayers {
  readonly aiMask: Uint8Array;
  readonly deferral: Uint8Array;
  readonly confidence: Uint8Array;
  readonly merged: Uint8Array | null;
  readonly provenance: Uint8Array | null;
}

const AUTOSAVE_MS = 1500;

interface Mode {
  readonly kind: 'task' | 'result';
  readonly task: TaskDetail | null;
  readonly result: ResultSummary;
}

export async function mountTaskViewer(container: HTMLElement, ctx: AppContext, params: readonly string[]): Promise<() => void> {
  const task = await ctx.api.task(params[0] as string);
  const result = await ctx.api.result(task.resultId);
  return mountViewer(container, ctx, { kind: 'task', task, result });
}

export async function mountResultViewer(container: HTMLElement, ctx: AppContext, params: readonly string[]): Promise<() => void> {
  const result = await ctx.api.result(params[0] as string);
  return mountViewer(container, ctx, { kind: 'result', task: null, result });
}

async function mountViewer(container: HTMLElement, ctx: AppContext, mode: Mode): Promise<() => void> {
  const { task, result } = mode;
  const width = task?.columns ?? result.columns;
  const height = task?.rows ?? result.rows;
  const sliceCount = task?.slices.length ?? result.sliceCount;
  const editable = mode.kind === 'task' && task !== null && (task.status === 'READY' || task.status === 'IN_PROGRESS');
  const myExpert = task?.expertIndex ?? ctx.me.expertIndex;

  // ----- DOM -----
  const viewportEl = el('div', { class: 'viewport', id: 'viewport' });
  const overlay = el('canvas', { class: 'overlay', id: 'overlay', 'aria-label': 'Review overlay' });
  const stage = el('div', { class: 'stage' }, viewportEl, overlay);
  const status = el('div', { class: 'status-bar', id: 'status-bar', 'aria-live': 'polite' });
  const sliceLabel = el('span', { id: 'slice-label' });
  const windowLabel = el('span', { id: 'window-label' });
  const saveLabel = el('span', { id: 'save-label' });
  status.append(sliceLabel, windowLabel, saveLabel);
  const side = el('aside', { class: 'side-panel' });
  const toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Viewer tools' });
  container.replaceChildren(
    el('div', { class: 'viewer-layout' }, toolbar, el('div', { class: 'stage-column' }, stage, status), side),
  );
  container.classList.add('viewer-host');

  // ----- state -----
  let index = 0;
  let tool: Tool = editable ? 'brush' : 'pan';
  let radius = 4;
  let options: OverlayOptions = { ...DEFAULT_OVERLAY_OPTIONS, myExpertIndex: myExpert, showLabels: mode.kind === 'task' };
  let showMerged = mode.kind === 'result';
  const layers = new Map<number, SliceLayers>();
  const editors = new Map<number, LabelEditor>();
  const pending = new Map<number, Promise<void>>();
  const saveTimers = new Map<number, number>();
  let destroyed = false;
  const painter = new OverlayPainter(width, height);

  // ----- imaging -----
  await initImaging(async () => (ctx.session ? ctx.session.token() : null));
  const view = new StackView(viewportEl);
  const sopOf = (k: number): string => task?.slices[k]?.sopInstanceUid ?? '';
  const imageIds: string[] = [];
  for (let k = 0; k < sliceCount; k++) imageIds.push(instanceImageId(result.studyInstanceUid, result.seriesInstanceUid, sopOf(k)));

  async function loadSlice(k: number): Promise<void> {
    if (layers.has(k)) return;
    const existing = pending.get(k);
    if (existing) return existing;
    const p = (async () => {
      const r: ResultSlice = await ctx.api.resultSlice(result.id, k);
      const dec = (b64: string, what: string): Uint8Array => decodeLayer(b64, width, height, what).data;
      layers.set(k, {
        aiMask: dec(r.aiMask, 'AI mask'),
        deferral: dec(r.deferral, 'deferral map'),
        confidence: dec(r.confidence, 'confidence'),
        merged: r.merged ? dec(r.merged, 'merged mask') : null,
        provenance: r.provenance ? dec(r.provenance, 'provenance') : null,
      });
      if (imageIds[k] === instanceImageId(result.studyInstanceUid, result.seriesInstanceUid, '')) {
        imageIds[k] = instanceImageId(result.studyInstanceUid, result.seriesInstanceUid, r.sopInstanceUid);
      }
      if (mode.kind === 'task' && task !== null) {
        const t = await ctx.api.taskSlice(task.id, k);
        const region = decodeLayer(t.region, width, height, 'region');
        const draft = ctx.drafts.load(task.id, k);
        const labels = draft ? { width, height, data: draft.labels } : decodeLayer(t.labels, width, height, 'labels');
        const editor = new LabelEditor(region, labels, draft?.reviewed);
        if (draft) {
          showBanner('drafts', 'info', `Slice ${k + 1}: restored edits kept on this computer (${new Date(draft.savedAt).toLocaleString()}); they are being saved.`);
          scheduleSave(k, editor, 0);
        }
        editors.set(k, editor);
      }
    })();
    pending.set(k, p);
    try {
      await p;
    } finally {
      pending.delete(k);
    }
  }

  // ----- overlay drawing -----
  const sliceProvenance = el('p', { id: 'slice-provenance', class: 'summary', 'aria-live': 'polite' });
  function drawOverlay(): void {
    const l = layers.get(index);
    const m = view.imageToCanvas();
    if (l?.merged && l.provenance) {
      const counts = provenanceCounts(l.merged, l.provenance, result.experts.length);
      const names = ['AI', ...result.experts];
      sliceProvenance.textContent = `Merged mask on this slice: ${counts.map((n, i) => `${names[i]} ${n.toLocaleString('en')} px`).join(' · ')}`;
    }
    if (!l) {
      OverlayPainter.prepare(overlay);
    } else if (showMerged && l.merged && l.provenance) {
      painter.paintProvenance(overlay, m, l.merged, l.provenance, options.opacity);
    } else {
      const labels = editors.get(index)?.labelData ?? null;
      painter.paintReview(overlay, m, { width, height, aiMask: l.aiMask, deferral: l.deferral, confidence: l.confidence, labels }, options);
    }
  }

  const onRendered = (): void => {
    drawOverlay();
    const w = view.window();
    windowLabel.textContent = w ? formatWindow(w) : '';
  };
  viewportEl.addEventListener(RENDERED, onRendered);

  // ----- progress & saving -----
  const progressBar = el('progress', { max: '1', value: '0' });
  const progressText = el('span', { id: 'progress-text' });
  const progressEl = el('div', { id: 'progress', class: 'progress' }, progressBar, progressText);
  function renderProgress(): void {
    if (task === null) return;
    let done = 0;
    let total = 0;
    for (const e of editors.values()) {
      const p = e.progress();
      done += p.done;
      total += p.total;
    }
    const allLoaded = editors.size === sliceCount;
    const shownDone = Math.max(done, allLoaded ? 0 : task.donePixels);
    const shownTotal = allLoaded ? total : task.regionPixels;
    progressBar.max = Math.max(1, shownTotal);
    progressBar.value = Math.min(shownDone, shownTotal);
    progressText.textContent = `My region: ${formatProgress(shownDone, shownTotal)}${allLoaded ? '' : ' (loading slices…)'}`;
  }

  function keepLocally(k: number, editor: LabelEditor): boolean {
    if (task === null) return false;
    try {
      ctx.drafts.save({ taskId: task.id, slice: k, width, height, labels: editor.snapshot(), reviewed: editor.reviewedData, savedAt: new Date().toISOString() });
      return true;
    } catch (error) {
      showBanner('storage', 'error', `Could not keep slice ${k + 1} on this computer (${String(error)}); do not close the tab until it is saved.`);
      return false;
    }
  }

  async function saveSlice(k: number, editor: LabelEditor): Promise<boolean> {
    if (task === null) return true;
    saveLabel.textContent = `Saving slice ${k + 1}…`;
    try {
      await ctx.api.saveTaskSlice(task.id, k, encodeLayer(editor.snapshot()));
      ctx.drafts.remove(task.id, k);
      editor.markSaved();
      saveLabel.textContent = `Saved ${new Date().toLocaleTimeString()}`;
      clearBanner('server');
      clearBanner('session');
      return true;
    } catch (error) {
      saveLabel.textContent = `Slice ${k + 1} kept on this computer, not yet saved`;
      ctx.reportError(error, 'save');
      return false;
    }
  }

  function scheduleSave(k: number, editor: LabelEditor, delay = AUTOSAVE_MS): void {
    keepLocally(k, editor);
    window.clearTimeout(saveTimers.get(k));
    saveTimers.set(k, window.setTimeout(() => void saveSlice(k, editor), delay));
  }

  async function flushAll(): Promise<boolean> {
    let ok = true;
    for (const [k, editor] of editors) {
      window.clearTimeout(saveTimers.get(k));
      if (editor.dirty || (task !== null && ctx.drafts.load(task.id, k) !== null)) ok = (await saveSlice(k, editor)) && ok;
    }
    return ok;
  }

  // ----- navigation -----
  // In result mode the instance UIDs arrive with each slice's layers, so the stack is re-set when one changed.
  let stackIds: string[] = [];
  async function showInStack(k: number): Promise<void> {
    if (stackIds.length === imageIds.length && stackIds.every((id, i) => id === imageIds[i])) {
      await view.show(k);
    } else {
      stackIds = [...imageIds];
      await view.setStack(stackIds, k);
    }
  }

  async function goTo(k: number): Promise<void> {
    const target = Math.max(0, Math.min(sliceCount - 1, k));
    index = target;
    sliceLabel.textContent = `Slice ${target + 1} / ${sliceCount}`;
    try {
      await loadSlice(target);
      await showInStack(target);
    } catch (error) {
      ctx.reportError(error, 'slice');
    }
    if (index === target) {
      drawOverlay();
      renderProgress();
      renderHistory();
    }
  }

  // ----- editing with the pointer -----
  let painting: { x: number; y: number } | null = null;
  function pixelAt(event: PointerEvent): [number, number] | null {
    const rect = overlay.getBoundingClientRect();
    return view.canvasToPixel(event.clientX - rect.left, event.clientY - rect.top);
  }
  function editAt(event: PointerEvent, first: boolean): void {
    const editor = editors.get(index);
    const p = pixelAt(event);
    if (!editor || !p || !editable) return;
    const value: 0 | 1 = tool === 'eraser' ? 0 : 1;
    if (tool === 'fill') {
      if (first && !editor.fill(p[0], p[1], value) && editor.isLocked(p[0], p[1])) {
        saveLabel.textContent = 'Locked: this pixel is not deferred to you';
      }
    } else if (first || painting === null) {
      editor.brush(p[0], p[1], radius, value);
    } else {
      editor.stroke(painting.x, painting.y, p[0], p[1], radius, value);
    }
    painting = { x: p[0], y: p[1] };
    drawOverlay();
  }
  overlay.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || !isEditTool(tool)) return;
    overlay.setPointerCapture(event.pointerId);
    editors.get(index)?.beginStroke();
    editAt(event, true);
  });
  overlay.addEventListener('pointermove', (event) => {
    if (painting !== null && isEditTool(tool) && tool !== 'fill') editAt(event, false);
  });
  const endStroke = (): void => {
    if (painting === null) return;
    painting = null;
    const editor = editors.get(index);
    editor?.endStroke();
    // A stroke or fill on locked pixels changes nothing: no save, and the "Locked" notice stays readable.
    if (editor?.dirty) scheduleSave(index, editor);
    renderProgress();
    renderHistory();
  };
  overlay.addEventListener('pointerup', endStroke);
  overlay.addEventListener('pointercancel', endStroke);
  overlay.addEventListener('contextmenu', (e) => e.preventDefault());
  stage.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      if (event.ctrlKey) view.zoomBy(event.deltaY < 0 ? 1.1 : 1 / 1.1);
      else void goTo(index + Math.sign(event.deltaY));
    },
    { passive: false },
  );

  // ----- toolbar -----
  const toolButtons = new Map<Tool, HTMLButtonElement>();
  function toolButton(t: Tool, label: string, key: string): HTMLButtonElement {
    const b = el('button', { type: 'button', 'data-tool': t, title: `${label} (${key})`, text: label });
    b.addEventListener('click', () => setTool(t));
    toolButtons.set(t, b);
    return b;
  }
  function setTool(t: Tool): void {
    if (isEditTool(t) && !editable) return;
    tool = t;
    view.setPointerTool(isEditTool(t) ? 'edit' : (t as PointerTool));
    overlay.classList.toggle('editing', isEditTool(t));
    toolButtons.forEach((b, k) => b.setAttribute('aria-pressed', String(k === t)));
  }
  const radiusInput = el('input', { type: 'range', min: '0', max: '30', id: 'brush-radius', 'aria-label': 'Brush radius (pixels)' });
  radiusInput.value = String(radius);
  const radiusValue = el('output', { for: 'brush-radius', text: `${radius} px` });
  radiusInput.addEventListener('input', () => setRadius(Number(radiusInput.value)));
  function setRadius(r: number): void {
    radius = Math.max(0, Math.min(30, r));
    radiusInput.value = String(radius);
    radiusValue.textContent = `${radius} px`;
  }
  const undoButton = el('button', { type: 'button', id: 'undo', title: 'Undo (Ctrl+Z)', text: 'Undo' });
  const redoButton = el('button', { type: 'button', id: 'redo', title: 'Redo (Ctrl+Shift+Z)', text: 'Redo' });
  undoButton.addEventListener('click', () => history('undo'));
  redoButton.addEventListener('click', () => history('redo'));
  function history(which: 'undo' | 'redo'): void {
    const editor = editors.get(index);
    if (!editor) return;
    if (which === 'undo' ? editor.undo() : editor.redo()) {
      scheduleSave(index, editor);
      drawOverlay();
      renderHistory();
    }
  }
  function renderHistory(): void {
    const editor = editors.get(index);
    undoButton.disabled = !editor?.canUndo;
    redoButton.disabled = !editor?.canRedo;
  }
  const toggles: [keyof OverlayOptions, string, string][] = [
    ['showAiMask', 'AI mask', 'M'],
    ['showDeferral', 'Deferral map', 'D'],
    ['showConfidence', 'Confidence', 'C'],
    ...(mode.kind === 'task' ? [['showLabels', 'My labels', 'L'] as [keyof OverlayOptions, string, string]] : []),
  ];
  const toggleInputs = new Map<keyof OverlayOptions, HTMLInputElement>();
  const toggleGroup = el('fieldset', { class: 'overlay-toggles' }, el('legend', { text: 'Overlays' }));
  for (const [key, label, shortcut] of toggles) {
    const input = el('input', { type: 'checkbox', id: `toggle-${key}` });
    input.checked = Boolean(options[key]);
    input.addEventListener('change', () => {
      options = { ...options, [key]: input.checked };
      drawOverlay();
    });
    toggleInputs.set(key, input);
    toggleGroup.append(el('label', { title: `Toggle (${shortcut})` }, input, ` ${label}`));
  }
  if (mode.kind === 'result') {
    const merged = el('input', { type: 'checkbox', id: 'toggle-merged' });
    merged.checked = showMerged;
    merged.addEventListener('change', () => {
      showMerged = merged.checked;
      drawOverlay();
    });
    toggleGroup.append(el('label', {}, merged, ' Merged mask by provenance'));
  }
  const opacity = el('input', { type: 'range', min: '0', max: '100', id: 'overlay-opacity', 'aria-label': 'Overlay opacity' });
  opacity.value = String(options.opacity * 100);
  opacity.addEventListener('input', () => {
    options = { ...options, opacity: Number(opacity.value) / 100 };
    drawOverlay();
  });
  toggleGroup.append(el('label', {}, 'Opacity ', opacity));
  function toggle(key: keyof OverlayOptions): void {
    const input = toggleInputs.get(key);
    if (!input) return;
    input.checked = !input.checked;
    input.dispatchEvent(new Event('change'));
  }

  const presets = el('fieldset', { class: 'presets' }, el('legend', { text: 'Window' }));
  for (const p of CT_PRESETS) {
    const b = el('button', { type: 'button', 'data-preset': p.id, title: `${p.label} (${p.key})`, text: p.label.split(' (')[0] as string });
    b.addEventListener('click', () => view.setWindow(p));
    presets.append(b);
  }
  const reset = el('button', { type: 'button', title: 'Reset view (R)', text: 'Reset view' });
  reset.addEventListener('click', () => view.reset());
  presets.append(reset);

  const tools = el('fieldset', { class: 'tools' }, el('legend', { text: 'Tools' }));
  if (editable) {
    tools.append(toolButton('brush', 'Brush', 'B'), toolButton('eraser', 'Eraser', 'E'), toolButton('fill', 'Fill', 'F'));
  }
  tools.append(toolButton('pan', 'Pan/zoom', 'P'), toolButton('window', 'Window', 'W'));
  if (editable) tools.append(el('label', { class: 'radius' }, 'Brush ', radiusInput, radiusValue), el('div', { class: 'row' }, undoButton, redoButton));
  toolbar.append(tools, presets, toggleGroup);

  // ----- side panel -----
  const submit = el('button', { type: 'button', id: 'submit', class: 'primary', text: 'Submit review', title: 'Complete the Task (Ctrl+Enter)' });
  const accept = el('button', { type: 'button', id: 'accept-slice', text: 'Accept slice as is', title: 'Mark my region on this slice reviewed (A)' });
  accept.addEventListener('click', () => acceptSlice());
  function acceptSlice(): void {
    const editor = editors.get(index);
    if (editor?.acceptAll()) {
      scheduleSave(index, editor);
      renderProgress();
    }
  }
  async function submitTask(): Promise<void> {
    if (task === null || !editable) return;
    submit.disabled = true;
    try {
      if (!(await flushAll())) return;
      await ctx.api.completeTask(task.id);
      for (let k = 0; k < sliceCount; k++) ctx.drafts.remove(task.id, k);
      showBanner('submit', 'info', 'Review submitted. The result is merged when every expert has submitted.');
      window.location.hash = `#/results/${encodeURIComponent(result.id)}`;
    } catch (error) {
      ctx.reportError(error, 'submit');
    } finally {
      submit.disabled = false;
    }
  }
  submit.addEventListener('click', () => void submitTask());

  const swatch = (rgb: readonly number[]): HTMLSpanElement => {
    const sw = el('span', { class: 'swatch' });
    sw.style.background = `rgb(${rgb.join(',')})`;
    return sw;
  };
  const taskStatus = el('dd', { id: 'task-status', text: task?.status ?? '' });
  const legend = el(
    'ul',
    { class: 'legend' },
    el('li', {}, swatch(AI_MASK_COLOUR), 'AI'),
    ...result.experts.map((name, i) => el('li', { class: i === myExpert ? 'mine' : '' }, swatch(expertColour(i)), `${name}${i === myExpert ? ' (me)' : ''}`)),
  );
  if (mode.kind === 'task' && task !== null) {
    side.append(
      el('h1', { text: 'Review Task' }),
      el('dl', {}, el('dt', { text: 'Study' }), el('dd', { class: 'uid', text: task.studyInstanceUid }), el('dt', { text: 'Priority' }), el('dd', { text: task.priority }), el('dt', { text: 'Status' }), taskStatus),
      progressEl,
      legend,
      ...(editable ? [accept, submit] : [el('p', { class: 'summary', text: 'This Task is closed; the labels are read-only.' })]),
    );
  } else {
    side.append(el('h1', { text: 'Result' }), resultFacts(result, ctx), legend, sliceProvenance);
  }

  // ----- keyboard -----
  const handlers: Partial<Record<Action, () => void>> = {
    'next-slice': () => void goTo(index + 1),
    'previous-slice': () => void goTo(index - 1),
    'preset-soft-tissue': () => view.setWindow(CT_PRESETS[0] as (typeof CT_PRESETS)[number]),
    'preset-lung': () => view.setWindow(CT_PRESETS[1] as (typeof CT_PRESETS)[number]),
    'preset-bone': () => view.setWindow(CT_PRESETS[2] as (typeof CT_PRESETS)[number]),
    'tool-brush': () => setTool('brush'),
    'tool-eraser': () => setTool('eraser'),
    'tool-fill': () => setTool('fill'),
    'tool-pan': () => setTool('pan'),
    'tool-window': () => setTool('window'),
    'brush-bigger': () => setRadius(radius + 1),
    'brush-smaller': () => setRadius(radius - 1),
    undo: () => history('undo'),
    redo: () => history('redo'),
    'toggle-ai-mask': () => toggle('showAiMask'),
    'toggle-deferral': () => toggle('showDeferral'),
    'toggle-confidence': () => toggle('showConfidence'),
    'toggle-labels': () => toggle('showLabels'),
    'accept-slice': () => acceptSlice(),
    save: () => void flushAll(),
    submit: () => void submitTask(),
    'reset-view': () => view.reset(),
  };
  const onKey = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'range' && (target as HTMLInputElement).type !== 'checkbox')) return;
    const action = actionFor(event, 'viewer');
    const handler = action ? handlers[action] : undefined;
    if (handler) {
      event.preventDefault();
      handler();
    }
  };
  document.addEventListener('keydown', onKey);
  const onResize = (): void => {
    view.resize();
    drawOverlay();
  };
  window.addEventListener('resize', onResize);
  const beforeUnload = (event: BeforeUnloadEvent): void => {
    if ([...editors.values()].some((e) => e.dirty)) event.preventDefault();
  };
  window.addEventListener('beforeunload', beforeUnload);
  const unsubscribe = ctx.events.subscribe((event) => {
    if (event.kind === 'task' && event.id === task?.id) taskStatus.textContent = event.status;
    if (event.kind === 'result' && event.id === result.id && mode.kind === 'result') window.dispatchEvent(new HashChangeEvent('hashchange'));
  });

  // ----- first slice, then the rest in the background -----
  setTool(tool);
  renderHistory();
  sliceLabel.textContent = `Slice 1 / ${sliceCount}`;
  try {
    await loadSlice(0);
    await showInStack(0);
    view.setWindow(CT_PRESETS[0] as (typeof CT_PRESETS)[number]);
    performance.mark('consilium-first-render');
  } catch (error) {
    ctx.reportError(error, 'slice');
  }
  drawOverlay();
  renderProgress();
  void (async () => {
    for (let k = 1; k < sliceCount && !destroyed; k++) {
      try {
        await loadSlice(k);
      } catch (error) {
        if (error instanceof ApiError && error.affectsAll) {
          ctx.reportError(error, 'slice');
          return;
        }
      }
      renderProgress();
    }
  })();

  return () => {
    destroyed = true;
    for (const [k, editor] of editors) {
      window.clearTimeout(saveTimers.get(k));
      if (editor.dirty) {
        keepLocally(k, editor);
        void saveSlice(k, editor);
      }
    }
    unsubscribe();
    document.removeEventListener('keydown', onKey);
    window.removeEventListener('resize', onResize);
    window.removeEventListener('beforeunload', beforeUnload);
    viewportEl.removeEventListener(RENDERED, onRendered);
    view.destroy();
    container.classList.remove('viewer-host');
  };
}

function isEditTool(t: Tool): t is EditTool {
  return t === 'brush' || t === 'eraser' || t === 'fill';
}

function percent(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

/** Key numbers of a result and its exports. */
function resultFacts(result: ResultSummary, ctx: AppContext): HTMLElement {
  const shares = Object.entries(result.expertShare).map(([name, share]) => `${name} ${percent(share)}`).join(', ');
  const report = el('details', { id: 'diagnostic-report' }, el('summary', { text: result.diagnosticReport ?? 'No DiagnosticReport yet' }));
  if (result.diagnosticReport) {
    const pre = el('pre', { class: 'json' });
    report.append(pre);
    report.addEventListener('toggle', () => {
      if (!report.open || pre.textContent !== '') return;
      ctx.api
        .request('GET', `/fhir/${result.diagnosticReport}`, 'loading the DiagnosticReport', undefined, 'application/fhir+json')
        .then((r) => r.text())
        .then((t) => (pre.textContent = t))
        .catch((e: unknown) => (pre.textContent = ctx.reportError(e, 'fhir')));
    });
  }
  return el(
    'div',
    { class: 'facts' },
    el(
      'dl',
      {},
      el('dt', { text: 'Status' }), el('dd', { id: 'result-status', text: result.status === 'WITHDRAWN' && result.failure ? `WITHDRAWN (do not use): ${result.failure}` : result.status }),
      el('dt', { text: 'Deferral rate' }), el('dd', { id: 'deferral-rate', text: percent(result.deferralRate) }),
      el('dt', { text: 'Per-expert share' }), el('dd', { id: 'expert-share', text: shares || '—' }),
      el('dt', { text: 'Volume' }), el('dd', { id: 'volume', text: result.volumeMl === null ? '—' : `${result.volumeMl.toFixed(1)} ml` }),
      el('dt', { text: 'Model' }), el('dd', { text: `${result.model.name} ${result.model.version}` }),
      el('dt', { text: 'DICOM SEG' }), el('dd', { class: 'uid', id: 'seg-uid', text: result.segInstanceUid ?? 'not yet exported' }),
    ),
    ...(result.segInstanceUid ? [segDownload(result, result.segInstanceUid, ctx)] : []),
    report,
  );
}

/** Saves the result's DICOM SEG (fetched with the bearer token, so a plain link would not do). */
function segDownload(result: ResultSummary, seg: string, ctx: AppContext): HTMLButtonElement {
  const button = el('button', { type: 'button', id: 'seg-download', text: 'Download DICOM SEG' });
  button.addEventListener('click', () => {
    button.disabled = true;
    ctx.api
      .dicomInstance(result.studyInstanceUid, seg, 'downloading the DICOM SEG')
      .then((blob) => {
        const a = el('a', { href: URL.createObjectURL(blob), download: `seg-${seg}.dcm` });
        a.click();
        window.setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
        button.textContent = `Downloaded (${Math.round(blob.size / 1024)} KB)`;
      })
      .catch((e: unknown) => ctx.reportError(e, 'seg'))
      .finally(() => (button.disabled = false));
  });
  return button;
}

// Application shell: sign-in, the user box, role-dependent navigation, hash routing and
// global keyboard shortcuts. Heavy screens (viewer, abutment 3D) load on first use.

import { ApiClient, ApiError, fetchUiConfig } from './api/client';
import { ROLES, allowedScreens, primaryRole, receivesLiveEvents, type Me, type Screen } from './api/contract';
import { startSession, type Session } from './app/auth';
import { clearBanner, showBanner } from './app/banner';
import { el, type AppContext, type Mount } from './app/context';
import { LiveEvents } from './app/events';
import { DraftStore, MemoryStore, resubmitDrafts } from './logic/drafts';
import { actionFor } from './logic/shortcuts';
import { encodeLayer } from './logic/layers';

interface Route {
  readonly screen: Screen;
  readonly label: string | null;
  readonly pattern: RegExp;
  readonly load: () => Promise<Mount>;
}

const ROUTES: readonly Route[] = [
  { screen: 'worklist', label: 'Worklist', pattern: /^#\/(?:worklist)?$/, load: async () => (await import('./views/worklist')).mountWorklist },
  { screen: 'viewer', label: null, pattern: /^#\/tasks\/([^/]+)$/, load: async () => (await import('./views/viewer')).mountTaskViewer },
  { screen: 'result', label: null, pattern: /^#\/results\/([^/]+)$/, load: async () => (await import('./views/viewer')).mountResultViewer },
  { screen: 'abutment', label: 'Abutments', pattern: /^#\/abutment(?:\/([^/]+))?$/, load: async () => (await import('./views/abutment')).mountAbutment },
  { screen: 'audit', label: 'Audit trail', pattern: /^#\/audit$/, load: async () => (await import('./views/audit')).mountAudit },
  { screen: 'help', label: 'Help', pattern: /^#\/help$/, load: async () => (await import('./views/help')).mountHelp },
];

const DEV_USER: Me = { username: 'anonymous', name: 'Not signed in', roles: [...ROLES], expertIndex: null };

function localDrafts(): DraftStore {
  try {
    window.localStorage.setItem('consilium.probe', '1');
    window.localStorage.removeItem('consilium.probe');
    return new DraftStore(window.localStorage);
  } catch {
    showBanner('storage', 'warning', 'This browser does not allow local storage: unsaved edits are lost if the tab closes.');
    return new DraftStore(new MemoryStore());
  }
}

function reportErrorWith(session: Session | null): AppContext['reportError'] {
  return (error, topic = 'request') => {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ApiError && error.kind === 'unauthenticated') {
      showBanner('session', 'error', message, session === null ? [] : [{ label: 'Sign in again', run: () => void session.signIn() }]);
    } else if (error instanceof ApiError && error.kind === 'unreachable') {
      showBanner('server', 'error', message, [{ label: 'Retry', run: () => window.location.reload() }]);
    } else {
      showBanner(topic, 'error', message);
    }
    return message;
  };
}

function renderUser(ctx: AppContext): void {
  const box = document.getElementById('user') as HTMLElement;
  const role = el('span', { class: 'role', text: ctx.session === null ? 'all roles (development)' : primaryRole(ctx.me.roles) });
  const name = el('strong', { text: ctx.me.name || ctx.me.username });
  const live = el('span', { class: 'live', id: 'live-status', title: 'Live updates', text: '●' });
  box.replaceChildren(live, name, role);
  if (ctx.session !== null) {
    const out = el('button', { type: 'button', text: 'Sign out' });
    out.addEventListener('click', () => void ctx.session?.signOut());
    box.append(out);
  } else {
    box.append(el('span', { class: 'muted', text: '(sign-in not configured on this server)' }));
  }
}

function renderNav(ctx: AppContext): void {
  const nav = document.getElementById('nav') as HTMLElement;
  nav.replaceChildren(
    ...ROUTES.filter((r) => r.label !== null && ctx.screens.has(r.screen)).map((r) =>
      el('a', { href: r.screen === 'worklist' ? '#/worklist' : `#/${r.screen}`, 'data-screen': r.screen, text: r.label as string }),
    ),
  );
}

let unmount: (() => void) | null = null;

async function route(ctx: AppContext): Promise<void> {
  const hash = window.location.hash || '#/';
  const view = document.getElementById('view') as HTMLElement;
  unmount?.();
  unmount = null;
  const home = ROUTES.find((r) => r.label !== null && ctx.screens.has(r.screen));
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(hash) })).find((x) => x.m !== null);
  if (match === undefined || (hash === '#/' && !ctx.screens.has('worklist'))) {
    window.location.hash = home ? (home.screen === 'worklist' ? '#/worklist' : `#/${home.screen}`) : '#/help';
    return;
  }
  document.querySelectorAll('#nav a').forEach((a) =>
    a.toggleAttribute('aria-current', (a as HTMLElement).dataset['screen'] === match.r.screen),
  );
  if (!ctx.screens.has(match.r.screen)) {
    view.replaceChildren(el('p', { class: 'empty-state', text: `Your role (${primaryRole(ctx.me.roles)}) does not give access to this screen.` }));
    return;
  }
  view.replaceChildren(el('p', { class: 'summary', text: 'Loading…' }));
  try {
    const mount = await match.r.load();
    view.replaceChildren();
    unmount = await mount(view, ctx, (match.m as RegExpExecArray).slice(1).filter((s): s is string => s !== undefined).map(decodeURIComponent));
  } catch (error) {
    view.replaceChildren(el('p', { class: 'empty-state', text: ctx.reportError(error, 'screen') }));
  }
}

async function resubmitPending(ctx: AppContext): Promise<void> {
  const pending = ctx.drafts.list();
  if (pending.length === 0 || !ctx.screens.has('viewer')) return;
  const outcome = await resubmitDrafts(
    ctx.drafts,
    (d) => ctx.api.saveTaskSlice(d.taskId, d.slice, encodeLayer(d.labels)),
    undefined,
    (e) => e instanceof ApiError && e.affectsAll,
  );
  if (outcome.failed.length > 0) {
    showBanner('drafts', 'warning', `${outcome.failed.length} unsaved slice edit(s) kept on this computer: ${outcome.failed[0]?.reason}`, [
      { label: 'Retry', run: () => void resubmitPending(ctx) },
    ]);
  } else if (outcome.saved > 0) {
    showBanner('drafts', 'info', `${outcome.saved} slice edit(s) kept during an interruption are now saved.`);
  }
}

async function start(): Promise<void> {
  let session: Session | null = null;
  try {
    const config = await fetchUiConfig();
    session = config === null ? null : await startSession(config);
  } catch (error) {
    reportErrorWith(null)(error, 'server');
    (document.getElementById('user') as HTMLElement).textContent = 'Not connected';
    return;
  }
  const token = session === null ? async () => null : session.token;
  const api = new ApiClient(token);
  let me = DEV_USER;
  if (session !== null) {
    try {
      me = await api.me();
    } catch (error) {
      reportErrorWith(session)(error, 'server');
      return;
    }
  }
  const events = new LiveEvents(token);
  const ctx: AppContext = {
    api,
    me,
    screens: allowedScreens(me.roles),
    drafts: localDrafts(),
    events,
    session,
    reportError: reportErrorWith(session),
  };
  renderUser(ctx);
  renderNav(ctx);
  events.onConnectionChange = (connected) => {
    const dot = document.getElementById('live-status');
    dot?.classList.toggle('on', connected);
    dot?.setAttribute('title', connected ? 'Live updates connected' : 'Live updates reconnecting…');
  };
  if (receivesLiveEvents(me.roles)) events.start();
  window.addEventListener('hashchange', () => void route(ctx));
  window.addEventListener('online', () => {
    clearBanner('server');
    void resubmitPending(ctx);
  });
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
    const action = actionFor(event, 'global');
    if (action === 'help') window.location.hash = '#/help';
    else if (action === 'go-worklist' && ctx.screens.has('worklist')) window.location.hash = '#/worklist';
  });
  await route(ctx);
  void resubmitPending(ctx);
}

void start();

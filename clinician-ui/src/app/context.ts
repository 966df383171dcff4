// What every screen gets: the API, the signed-in user, drafts, live events, navigation.

import type { ApiClient } from '../api/client';
import type { Me, Screen } from '../api/contract';
import type { DraftStore } from '../logic/drafts';
import type { Session } from './auth';
import type { LiveEvents } from './events';

export interface AppContext {
  readonly api: ApiClient;
  readonly me: Me;
  readonly screens: ReadonlySet<Screen>;
  readonly drafts: DraftStore;
  readonly events: LiveEvents;
  /** null when the server runs without sign-in (development). */
  readonly session: Session | null;
  /** Reports a failed request: banners for server down / session expired, returns the message. */
  readonly reportError: (error: unknown, topic?: string) => string;
}

/** A mounted screen; the returned function unmounts it (stops timers, listeners, WebGL). */
export type Mount = (container: HTMLElement, ctx: AppContext, params: readonly string[]) => (() => void) | Promise<() => void>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

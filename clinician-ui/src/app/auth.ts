// Sign-in with Keycloak: authorization code + PKCE (S256) through oidc-client-ts, loaded only
// when the server names an issuer. Tokens live in sessionStorage (gone with the tab).

import type { UserManager } from 'oidc-client-ts';
import type { UiConfig } from '../api/contract';

export interface Session {
  /** A valid access token, renewed with the refresh token when needed; null when that failed. */
  token(): Promise<string | null>;
  /** Full-page redirect to Keycloak; returns to the current screen afterwards. */
  signIn(): Promise<void>;
  signOut(): Promise<void>;
}

export async function startSession(config: UiConfig): Promise<Session> {
  const { UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  const origin = window.location.origin;
  const manager: UserManager = new UserManager({
    authority: config.issuer as string,
    client_id: config.clientId,
    redirect_uri: `${origin}/`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    // The realm's UI client carries its claims (roles, audience) in its default scope: ask for nothing more.
    scope: 'openid',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
  });

  const params = new URLSearchParams(window.location.search);
  if (params.has('code') && params.has('state')) {
    const user = await manager.signinRedirectCallback();
    const hash = typeof user.state === 'string' ? user.state : '#/';
    window.history.replaceState(null, '', `/${hash}`);
  }

  const signIn = (): Promise<void> => manager.signinRedirect({ state: window.location.hash || '#/' });

  const token = async (): Promise<string | null> => {
    const user = await manager.getUser();
    if (user === null) return null;
    if (!user.expired && (user.expires_in ?? 0) > 10) return user.access_token;
    try {
      // Uses the refresh token (no iframe); fails once Keycloak's session is over.
      const renewed = await manager.signinSilent();
      return renewed?.access_token ?? null;
    } catch {
      return null;
    }
  };

  if ((await manager.getUser()) === null) {
    await signIn();
    // The browser is leaving for Keycloak; nothing more to start here.
    await new Promise(() => undefined);
  }
  return {
    token,
    signIn,
    signOut: () => manager.signoutRedirect(),
  };
}

import { API_RESOURCE_PATH, CONSOLE_CLIENT_ID, OIDC_PATH } from '@sesame/contracts/src/identity/oidc.constants';
import { currentLocale } from '../i18n/locale';

/*
 * The console signs in through Sesame's OpenID Connect provider, as a public client with PKCE
 * (RFC 7636): one sign-in page and one session for the console and every tool of the académie. The
 * provider's access token is for the API (RFC 8707 resource); it is refreshed before the API refuses
 * it, with a refresh token the provider rotates at each use.
 */

const PENDING_KEY = 'sesame.oidc.pending';
const REFRESH_KEY = 'sesame.oidc.refreshToken';
const ID_TOKEN_KEY = 'sesame.oidc.idToken';

export const CALLBACK_PATH = '/auth/callback';
const origin = () => window.location.origin;
const redirectUri = () => `${origin()}${CALLBACK_PATH}`;

function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function challengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** What the callback needs to finish a sign-in this tab started. */
interface Pending {
  state: string;
  verifier: string;
  returnTo: string;
}

/** Sends the browser to the provider's sign-in page; it comes back to CALLBACK_PATH. */
export async function startSignIn(options: { returnTo?: string; loginHint?: string } = {}): Promise<void> {
  const pending: Pending = { state: randomString(16), verifier: randomString(), returnTo: options.returnTo ?? '/' };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const query = new URLSearchParams({
    client_id: CONSOLE_CLIENT_ID,
    response_type: 'code',
    redirect_uri: redirectUri(),
    scope: 'openid profile',
    resource: `${origin()}${API_RESOURCE_PATH}`,
    code_challenge: await challengeOf(pending.verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    ui_locales: currentLocale(),
  });
  if (options.loginHint) query.set('login_hint', options.loginHint);
  window.location.assign(`${OIDC_PATH}/auth?${query}`);
}

interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

async function token(form: Record<string, string>): Promise<TokenAnswer> {
  const response = await fetch(`${OIDC_PATH}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ client_id: CONSOLE_CLIENT_ID, ...form }),
  });
  if (!response.ok) throw new Error(`token endpoint: ${response.status}`);
  return (await response.json()) as TokenAnswer;
}

function keep(answer: TokenAnswer): void {
  if (answer.refresh_token) sessionStorage.setItem(REFRESH_KEY, answer.refresh_token);
  if (answer.id_token) sessionStorage.setItem(ID_TOKEN_KEY, answer.id_token);
}

/**
 * Finishes a sign-in at CALLBACK_PATH: checks the state this tab chose, exchanges the code with the
 * verifier. Returns the access token and where to go, or the provider's error code.
 */
export async function finishSignIn(search: string): Promise<{ accessToken: string; returnTo: string } | { error: string }> {
  const params = new URLSearchParams(search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as Pending | null;
  sessionStorage.removeItem(PENDING_KEY);
  if (params.get('error')) return { error: params.get('error')! };
  const code = params.get('code');
  if (!pending || !code || params.get('state') !== pending.state) return { error: 'invalid_state' };
  try {
    const answer = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri(), code_verifier: pending.verifier });
    keep(answer);
    return { accessToken: answer.access_token, returnTo: pending.returnTo.startsWith('/') ? pending.returnTo : '/' };
  } catch {
    return { error: 'server_error' };
  }
}

let refreshing: Promise<string | undefined> | undefined;

/** A new access token from the refresh token (one request at a time), or undefined when the session is over. */
export function refreshAccessToken(): Promise<string | undefined> {
  refreshing ??= (async () => {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return undefined;
    try {
      const answer = await token({ grant_type: 'refresh_token', refresh_token: refreshToken });
      keep(answer);
      return answer.access_token;
    } catch {
      sessionStorage.removeItem(REFRESH_KEY);
      return undefined;
    } finally {
      refreshing = undefined;
    }
  })();
  return refreshing;
}

/** Forgets the tokens and returns the provider's logout address (RP-initiated logout), when the session was the provider's. */
export function signOutUrl(): string | undefined {
  const idToken = sessionStorage.getItem(ID_TOKEN_KEY);
  sessionStorage.removeItem(REFRESH_KEY);
  sessionStorage.removeItem(ID_TOKEN_KEY);
  if (!idToken) return undefined;
  const query = new URLSearchParams({ id_token_hint: idToken, post_logout_redirect_uri: `${origin()}/`, client_id: CONSOLE_CLIENT_ID, ui_locales: currentLocale() });
  return `${OIDC_PATH}/session/end?${query}`;
}

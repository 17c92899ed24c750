import type { AuthProvider } from 'react-admin';
import { ApiError, api, session } from './http';
import { forgetMe, loadMe } from './me';
import { signOutUrl } from '../auth/oidc';

/** The API no longer takes the session's token (expired, or ended by a password change). */
const isRefused = (error: unknown) => error instanceof ApiError && error.status === 401;

/** The session is over: forget it, and tell the sign-in page to say so. */
function endSession(): void {
  session.end();
  forgetMe();
}

/**
 * Sign-in through Sesame's OpenID Connect provider (auth/oidc.ts); the token lives in the tab
 * (sessionStorage), refreshed by http.ts when the API refuses it. A token the API still refuses
 * is found out once, by checkAuth, before any screen is drawn: react-admin then sends the person to
 * sign-in a single time, keeping where they were so that signing in again leads back there.
 */
export const authProvider: AuthProvider = {
  /** With the token of a session already opened: the provider's (CallbackPage), or the API's (activation answers one), or a login and password. */
  async login(params: { username: string; password: string } | { accessToken: string }) {
    const accessToken =
      'accessToken' in params
        ? params.accessToken
        : (await api<{ accessToken: string }>('POST', '/auth/login', { username: params.username, password: params.password })).accessToken;
    session.save(accessToken);
    forgetMe();
  },
  /**
   * Ends the tab's session; when the person signs out (a session is open), the provider's too, and
   * with it the tools' sessions it opened. react-admin also calls this when a session ended or was
   * never opened: there is then nothing to end at the provider.
   */
  async logout() {
    const signedIn = Boolean(session.token());
    session.clear();
    forgetMe();
    const providerLogout = signOutUrl();
    if (signedIn && providerLogout) {
      window.location.assign(providerLogout);
      return false;
    }
    return undefined;
  },
  async checkAuth() {
    // message false: react-admin adds no notice of its own; the sign-in page says why it is shown.
    if (!session.token()) throw { message: false };
    try {
      await loadMe();
    } catch (error) {
      // Only a refused token ends the session: an unreachable API is not a reason to sign out (the
      // sign-in page would send a tab that still has its token straight back here).
      if (!isRefused(error)) return;
      endSession();
      throw { message: false };
    }
  },
  async checkError(error: unknown) {
    if (isRefused(error)) {
      endSession();
      throw { message: false };
    }
  },
  async getIdentity() {
    const user = await loadMe();
    return { ...user, fullName: user.displayName };
  },
  async getPermissions() {
    if (!session.token()) return undefined;
    try {
      return (await loadMe()).role;
    } catch (error) {
      // Not an error to retry or to log out for: checkAuth reports the ended session.
      if (!isRefused(error)) throw error;
      endSession();
      return undefined;
    }
  },
};

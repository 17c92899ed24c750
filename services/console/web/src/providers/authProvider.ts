import type { AuthProvider } from 'react-admin';
import { ApiError, api, session } from './http';
import { forgetMe, loadMe } from './me';

export const authProvider: AuthProvider = {
  /** With a login and password; or with the token of a session the API has already opened (activation answers one). */
  async login(params: { username: string; password: string } | { accessToken: string }) {
    const accessToken =
      'accessToken' in params
        ? params.accessToken
        : (await api<{ accessToken: string }>('POST', '/auth/login', { username: params.username, password: params.password })).accessToken;
    session.save(accessToken);
    forgetMe();
  },
  async logout() {
    session.clear();
    forgetMe();
  },
  async checkAuth() {
    // react-admin shows this key's translation on the sign-in page.
    if (!session.token()) throw { message: false };
  },
  async checkError(error: unknown) {
    if (error instanceof ApiError && error.status === 401) {
      session.clear();
      forgetMe();
      throw { message: 'sesame.auth.sessionEnded' };
    }
  },
  async getIdentity() {
    const user = await loadMe();
    return { ...user, fullName: user.displayName };
  },
  async getPermissions() {
    if (!session.token()) return undefined;
    return (await loadMe()).role;
  },
};

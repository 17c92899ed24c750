import type { AuthProvider } from 'react-admin';
import { ApiError, api, session } from './http';

interface Me {
  id: string;
  username: string;
  displayName: string;
  role: 'manager' | 'administrator' | 'supervisor' | 'member';
}

let me: Promise<Me> | undefined;
const loadMe = () => (me ??= api<Me>('GET', '/me'));

export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    const answer = await api<{ accessToken: string }>('POST', '/auth/login', { username, password });
    session.save(answer.accessToken);
    me = undefined;
  },
  async logout() {
    session.clear();
    me = undefined;
  },
  async checkAuth() {
    if (!session.token()) throw new Error('not signed in');
  },
  async checkError(error: unknown) {
    if (error instanceof ApiError && error.status === 401) {
      session.clear();
      me = undefined;
      throw error;
    }
  },
  async getIdentity() {
    const user = await loadMe();
    return { id: user.id, fullName: user.displayName };
  },
  async getPermissions() {
    if (!session.token()) return undefined;
    return (await loadMe()).role;
  },
};

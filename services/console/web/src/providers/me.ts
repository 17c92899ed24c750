import type { Me } from '../common/roles';
import { api } from './http';

let me: Promise<Me> | undefined;

/** The signed-in user, asked once per sign-in (and again after a change of profile). */
export function loadMe(): Promise<Me> {
  me ??= api<Me>('GET', '/me').catch((error: unknown) => {
    me = undefined;
    throw error;
  });
  return me;
}

export function forgetMe(): void {
  me = undefined;
}

import type { Role } from '@sesame/contracts';

/**
 * Whoever makes a call, as identity knows them from its own data (never from what the message
 * claims). `schoolIds` is the scope: an administrator's schools, a supervisor's administrator's
 * schools, a member's own schools; empty for the manager, who sees everything.
 */
export interface Actor {
  id: string;
  username: string;
  role: Role;
  schoolIds: readonly string[];
}

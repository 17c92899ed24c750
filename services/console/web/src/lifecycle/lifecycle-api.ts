import type { UserFilter } from '@sesame/contracts/src/identity/accounts.schema';
import type { AccountLifecycle, LifecyclePolicy, LifecycleSimulation } from '@sesame/contracts/src/identity/lifecycle.schema';
import { api } from '../providers/http';

export type { AccountLifecycle, LifecyclePolicy, LifecycleSimulation };
export type PolicyEntry = LifecyclePolicy['profiles'][number];
/** What the simulator is asked: a selection as the accounts list filters it, and the day of the departure (now when absent). */
export interface SimulationRequest {
  filter: Partial<UserFilter>;
  leftAt?: string;
}

/** The calls of the leavers' calendar (docs/lifecycle.md). */
export const lifecycleApi = {
  policy: () => api<LifecyclePolicy>('GET', '/lifecycle/policy'),

  /** Every profile at once; refused whole when one of them adds up past the legal limit. */
  setPolicy: (profiles: PolicyEntry[]) => api<LifecyclePolicy>('PUT', '/lifecycle/policy', { profiles }),

  /** For a selection (within the caller's scope): when its accounts would be deactivated and deleted. */
  simulate: (request: SimulationRequest) => api<LifecycleSimulation>('POST', '/lifecycle/simulate', request),

  /** The account's step and dates; for an account that has not left, what a departure today would give. */
  ofUser: (id: string) => api<AccountLifecycle>('GET', `/users/${id}/lifecycle`),

  /** Without `leftAt`, the departure is now. */
  depart: (id: string, leftAt?: string) => api<AccountLifecycle>('POST', `/users/${id}/depart`, leftAt ? { leftAt } : {}),

  /** The departure forgotten, and what the calendar did undone. */
  comeBack: (id: string) => api<AccountLifecycle>('POST', `/users/${id}/return`, {}),
};

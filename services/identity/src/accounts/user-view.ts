import type { UserView } from '@sesame/contracts';
import { defaultDisplayName } from '@sesame/account-rules';
import type { AccountDetails } from './accounts.repository';

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** The API's view of an account. The activation code is shown to those who manage or see it as staff. */
export function toUserView(account: AccountDetails, options: { showActivationCode: boolean }): UserView {
  const pending = account.activated_at === null;
  // A deactivated account's code cannot activate it: it is not shown (accounts.repository.ts).
  const showCode = pending && account.deactivated_at === null && options.showActivationCode;
  return {
    id: account.id,
    username: account.username,
    firstName: account.first_name,
    lastName: account.last_name,
    displayName: account.display_name || defaultDisplayName(account.first_name, account.last_name, account.username),
    email: account.email,
    role: account.role,
    profile: account.profile,
    schools: account.schools.map(({ id, uai, name }) => ({ id, uai, name })),
    classes: account.classes.map(({ id, schoolId, name }) => ({ id, schoolId, name })),
    managedBy: account.managed_by,
    externalId: account.external_id,
    source: account.source,
    activated: !pending,
    activatedAt: iso(account.activated_at),
    activationCode: showCode ? account.activation_code : null,
    activationCodeExpiresAt: showCode ? iso(account.activation_code_expires_at) : null,
    deactivatedAt: iso(account.deactivated_at),
    preDeletedAt: iso(account.pre_deleted_at),
    deleteAfter: iso(account.delete_after),
    leftAt: iso(account.left_at),
    createdAt: account.created_at.toISOString(),
    updatedAt: account.updated_at.toISOString(),
    lastLoginAt: iso(account.last_login_at),
    lastDistributedAt: iso(account.last_distributed_at),
    lastDistributionChannel: account.last_distribution_channel,
    locale: account.locale,
  };
}

/** What the audit log keeps of an account: everything an administrator may see, no secret. */
export function auditSnapshot(account: AccountDetails) {
  return {
    username: account.username,
    firstName: account.first_name,
    lastName: account.last_name,
    displayName: account.display_name,
    email: account.email,
    role: account.role,
    profile: account.profile,
    managedBy: account.managed_by,
    schoolIds: account.schools.map((s) => s.id),
    classIds: account.classes.map((c) => c.id),
    childIds: account.childIds,
    externalId: account.external_id,
    activated: account.activated_at !== null,
    deactivatedAt: iso(account.deactivated_at),
    preDeletedAt: iso(account.pre_deleted_at),
  };
}

/** The account reference carried by identity's events. */
export function eventRef(account: AccountDetails, actorId: string | null) {
  return {
    userId: account.id,
    username: account.username,
    role: account.role,
    profile: account.profile,
    schoolIds: account.schools.map((s) => s.id),
    actorId,
  };
}

import { Inject, Injectable } from '@nestjs/common';
import { SCIM_PATH, SCIM_SCHEMAS, ScimUser } from '@sesame/contracts';
import { ActivationCodeVault } from '../accounts/activation-code-vault';
import { AccountDetails, AccountsRepository } from '../accounts/accounts.repository';
import { toUserView } from '../accounts/user-view';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import type { ScimTargetRow } from '../database/schema';
import { toScimUser } from '../scim/scim-user.mapping';
import { RemoteUser, ScimTargetClient } from './scim-target.client';
import { Wanted, wantedAt } from './scim-push.rules';
import { ScimTargetsRepository } from './scim-targets.repository';

/** What one push did at the target. */
export type Outcome = 'created' | 'updated' | 'deactivated' | 'deleted' | 'unchanged';

/** The associated data a target's token is sealed with: a sealed token moved to another target does not open. */
export const tokenContext = (targetId: string) => `scim-target:${targetId}`;

/** The attributes Sesame sends and compares (a target adds its own `id`, `meta`, `groups`…). */
function comparable(user: Partial<ScimUser>) {
  return JSON.stringify([
    user.userName,
    user.externalId,
    user.name?.givenName ?? null,
    user.name?.familyName ?? null,
    user.displayName ?? null,
    (user.emails ?? []).map((email) => email.value),
    user.active !== false,
    user[SCIM_SCHEMAS.sesameUser]?.profile ?? null,
    (user[SCIM_SCHEMAS.sesameUser]?.schools ?? []).map((school) => school.value).sort(),
    (user[SCIM_SCHEMAS.sesameUser]?.classes ?? []).map((klass) => klass.value).sort(),
  ]);
}

/**
 * Makes a target hold an account as Sesame holds it now (whatever the event that asked): created,
 * replaced, deactivated or deleted there, or left alone when it already matches. Idempotent: the
 * account is found at the target by the id Sesame gave it (its externalId), so a change delivered
 * twice, or after a call whose answer was lost, creates nothing twice.
 */
@Injectable()
export class ScimPushService {
  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly accounts: AccountsRepository,
    private readonly targets: ScimTargetsRepository,
    private readonly vault: ActivationCodeVault,
  ) {}

  client(target: ScimTargetRow): ScimTargetClient {
    const token = this.vault.open(target.token_sealed, tokenContext(target.id));
    if (!token) throw new Error(`The token of SCIM target ${target.id} cannot be opened with the configured keys (ACTIVATION_CODE_KEY): register it again.`);
    return new ScimTargetClient(target.url, token);
  }

  /** The account as a target receives it: Sesame's representation, its id as the target's externalId. */
  representation(account: AccountDetails): ScimUser {
    const { meta: _meta, id: _id, groups: _groups, ...user } = toScimUser(toUserView(account, { showActivationCode: false }), {
      baseUrl: `${this.config.PUBLIC_URL}${SCIM_PATH}`,
      academie: this.config.ACADEMIE_NAME,
    });
    return { ...user, externalId: account.id } as ScimUser;
  }

  wanted(target: ScimTargetRow, account: AccountDetails | undefined): Wanted {
    return wantedAt(
      { schoolIds: target.school_ids, profiles: target.profiles },
      account && {
        role: account.role,
        profile: account.profile,
        schoolIds: account.schools.map((school) => school.id),
        deactivated: account.deactivated_at !== null,
        preDeleted: account.pre_deleted_at !== null,
      },
    );
  }

  /** Pushes one account's current state to a target. */
  async push(target: ScimTargetRow, accountId: string, client = this.client(target)): Promise<Outcome> {
    const account = await this.accounts.findDetails(accountId);
    const wanted = this.wanted(target, account);
    const known = await this.targets.remoteId(target.id, accountId);
    const remote = (known ? await client.get(known) : undefined) ?? (await client.find(accountId));
    return this.apply(target, client, accountId, account, wanted, remote);
  }

  /** Makes `remote` (the target's copy, if any) match what the target should hold. */
  async apply(target: ScimTargetRow, client: ScimTargetClient, accountId: string, account: AccountDetails | undefined, wanted: Wanted, remote: RemoteUser | undefined): Promise<Outcome> {
    if (wanted === 'absent') {
      if (!remote) return 'unchanged';
      await client.delete(remote.id);
      await this.targets.forget(target.id, accountId);
      return 'deleted';
    }
    if (wanted === 'inactive') {
      if (!remote || remote.active === false) return 'unchanged';
      await client.deactivate(remote.id);
      return 'deactivated';
    }
    const user = this.representation(account!);
    if (!remote) {
      const created = await client.create(user);
      await this.targets.remember(target.id, accountId, created.id);
      return 'created';
    }
    await this.targets.remember(target.id, accountId, remote.id);
    if (comparable(remote) === comparable(user)) return 'unchanged';
    await client.replace(remote.id, user);
    return 'updated';
  }
}

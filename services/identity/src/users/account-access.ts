import { Injectable } from '@nestjs/common';
import { Subject, canManage, canReadActivationCodes, canSee, mayEver } from '@sesame/account-rules';
import { ServiceFailure, UserView } from '@sesame/contracts';
import type { Actor } from '../auth/actor';
import { AccountDetails, AccountsRepository } from '../accounts/accounts.repository';
import { toUserView } from '../accounts/user-view';

export const subjectOf = (a: AccountDetails): Subject => ({
  id: a.id,
  role: a.role,
  schoolIds: a.schools.map((s) => s.id),
  managedBy: a.managed_by,
});

/** Finds an account for an actor, or refuses: 404 when it does not exist, 403 when out of reach. */
@Injectable()
export class AccountAccess {
  constructor(private readonly accounts: AccountsRepository) {}

  /** The account, if it exists and the actor may see it. */
  async visible(actor: Actor, id: string): Promise<AccountDetails> {
    const account = await this.accounts.findDetails(id);
    if (!account) throw new ServiceFailure('not_found');
    if (!canSee(actor, subjectOf(account))) throw new ServiceFailure('forbidden');
    return account;
  }

  /** The account, if it exists and the actor may manage it. */
  async manageable(actor: Actor, id: string): Promise<AccountDetails> {
    if (!mayEver(actor.role, 'manageAccount')) throw new ServiceFailure('forbidden');
    const account = await this.accounts.findDetails(id);
    if (!account) throw new ServiceFailure('not_found');
    if (!canManage(actor, subjectOf(account))) throw new ServiceFailure('forbidden');
    return account;
  }

  /** The account as this actor sees it (activation codes for staff only). */
  view(actor: Actor, account: AccountDetails): UserView {
    return toUserView(account, { showActivationCode: canReadActivationCodes(actor) });
  }
}

import { Global, Module } from '@nestjs/common';
import { AuditRepository } from './audit/audit.repository';
import { ChangeRecorder } from './audit/change-recorder';
import { ActivationCodeVault } from './accounts/activation-code-vault';
import { OutboxModule } from './outbox/outbox.module';
import { SchoolsRepository } from './schools/schools.repository';
import { AccountsRepository } from './accounts/accounts.repository';
import { MembershipsRepository } from './accounts/memberships.repository';
import { LifecycleRepository } from './lifecycle/lifecycle.repository';
import { RentreeRepository } from './rentree/rentree.repository';
import { SelectionRepository } from './users/selection.repository';
import { TalliesRepository } from './users/tallies.repository';

/** Every repository of identity, the unit of work their changes go through (with the outbox), and the seal of activation codes. */
@Global()
@Module({
  imports: [OutboxModule],
  providers: [ActivationCodeVault, AccountsRepository, MembershipsRepository, LifecycleRepository, RentreeRepository, SelectionRepository, TalliesRepository, SchoolsRepository, AuditRepository, ChangeRecorder],
  exports: [ActivationCodeVault, AccountsRepository, MembershipsRepository, LifecycleRepository, RentreeRepository, SelectionRepository, TalliesRepository, SchoolsRepository, AuditRepository, ChangeRecorder, OutboxModule],
})
export class PersistenceModule {}

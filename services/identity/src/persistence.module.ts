import { Global, Module } from '@nestjs/common';
import { AuditRepository } from './audit/audit.repository';
import { ActivationCodeVault } from './auth/activation-code-vault';
import { OutboxModule } from './outbox/outbox.module';
import { SchoolsRepository } from './schools/schools.repository';
import { AccountsRepository } from './users/accounts.repository';
import { SelectionRepository } from './users/selection.repository';
import { TalliesRepository } from './users/tallies.repository';

/** Every repository of identity, the outbox that goes with their transactions, and the seal of activation codes. */
@Global()
@Module({
  imports: [OutboxModule],
  providers: [ActivationCodeVault, AccountsRepository, SelectionRepository, TalliesRepository, SchoolsRepository, AuditRepository],
  exports: [ActivationCodeVault, AccountsRepository, SelectionRepository, TalliesRepository, SchoolsRepository, AuditRepository, OutboxModule],
})
export class PersistenceModule {}

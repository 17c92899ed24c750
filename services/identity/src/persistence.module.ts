import { Global, Module } from '@nestjs/common';
import { AuditRepository } from './audit/audit.repository';
import { OutboxModule } from './outbox/outbox.module';
import { SchoolsRepository } from './schools/schools.repository';
import { AccountsRepository } from './users/accounts.repository';
import { SelectionRepository } from './users/selection.repository';
import { TalliesRepository } from './users/tallies.repository';

/** Every repository of identity, and the outbox that goes with their transactions. */
@Global()
@Module({
  imports: [OutboxModule],
  providers: [AccountsRepository, SelectionRepository, TalliesRepository, SchoolsRepository, AuditRepository],
  exports: [AccountsRepository, SelectionRepository, TalliesRepository, SchoolsRepository, AuditRepository, OutboxModule],
})
export class PersistenceModule {}

import { Module } from '@nestjs/common';
import { CallersService } from './callers.service';
import { DelegationsService } from './delegations.service';
import { IdentityClient, IdentityCommitClient } from './identity.clients';

/** Identity, as the importer calls it: who is calling, delegations for jobs, checks, staging, commit. */
@Module({
  providers: [IdentityClient, IdentityCommitClient, CallersService, DelegationsService],
  exports: [IdentityClient, IdentityCommitClient, CallersService, DelegationsService],
})
export class IdentityModule {}

import { Injectable } from '@nestjs/common';
import { DELEGATED_OPERATIONS, FeedJobData, IdentityDelegationRpc, ImportJobData } from '@sesame/contracts';
import type { Caller } from './callers.service';
import { IdentityClient } from './identity.clients';

type ImportOperation = typeof DELEGATED_OPERATIONS.validateImport | typeof DELEGATED_OPERATIONS.commitImport;

/**
 * What an import's or a feed's job carries instead of the person's token: asked of identity with that
 * token during the person's own request (the upload, the confirmation), it lets the job do that one
 * operation on that one import or feed, for as long as identity's DELEGATION_TTL, and nothing else.
 */
@Injectable()
export class DelegationsService {
  constructor(private readonly identity: IdentityClient) {}

  async importJob(op: ImportOperation, importId: string, caller: Caller, token: string, requestId?: string): Promise<ImportJobData> {
    const { delegation } = await this.identity.call(IdentityDelegationRpc.issue, { op, ref: importId }, { token, requestId });
    return { importId, actor: { id: caller.id, role: caller.role }, delegation };
  }

  async feedJob(feedId: string, caller: Caller, token: string, requestId?: string): Promise<FeedJobData> {
    const { delegation } = await this.identity.call(IdentityDelegationRpc.issue, { op: DELEGATED_OPERATIONS.readFeed, ref: feedId }, { token, requestId });
    return { feedId, actor: { id: caller.id, role: caller.role }, delegation };
  }
}

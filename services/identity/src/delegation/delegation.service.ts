import { Injectable, Logger } from '@nestjs/common';
import { DelegationSigner } from '@sesame/auth';
import { IssueDelegationSchema, IssuedDelegation, ServiceFailure } from '@sesame/contracts';
import type { z } from 'zod';
import type { Actor } from '../auth/actor';
import { mayDelegate } from '../auth/delegation.rules';

/**
 * Signs what a background job needs to act for a person on one operation, instead of that
 * person's token: the job can do that operation on that import or campaign, and nothing else.
 */
@Injectable()
export class DelegationService {
  private readonly logger = new Logger(DelegationService.name);

  constructor(private readonly signer: DelegationSigner) {}

  async issue(actor: Actor, sessionVersion: number, request: z.output<typeof IssueDelegationSchema>): Promise<IssuedDelegation> {
    if (!mayDelegate(actor, request.op)) throw new ServiceFailure('forbidden');
    const { delegation, expiresAt } = await this.signer.sign({
      sub: actor.id,
      role: actor.role,
      sv: sessionVersion,
      op: request.op,
      ref: request.ref,
      ...('filter' in request ? { filter: request.filter } : {}),
    });
    this.logger.log({ actorId: actor.id, op: request.op, ref: request.ref, expiresAt }, 'Delegation issued');
    return { delegation, expiresAt: expiresAt.toISOString() };
  }
}

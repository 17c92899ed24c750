import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IdentityDelegationRpc } from '@sesame/contracts';
import { RpcAckInterceptor, answerRpc } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { DelegationService } from './delegation.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class DelegationController {
  constructor(
    private readonly delegations: DelegationService,
    private readonly actors: ActorService,
  ) {}

  // Only a person's own token gets a delegation: a delegation cannot be traded for another.
  @MessagePattern(IdentityDelegationRpc.issue.pattern)
  issue(@Payload() raw: unknown) {
    return answerRpc(IdentityDelegationRpc.issue, raw, async (input, request) => {
      const { actor, sessionVersion } = await this.actors.resolveSession(request.token);
      return this.delegations.issue(actor, sessionVersion, input);
    });
  }
}

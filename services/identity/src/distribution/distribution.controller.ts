import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DELEGATED_OPERATIONS, IdentityDistributionRpc } from '@sesame/contracts';
import { RpcAckInterceptor } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { answerAs, answerDelegable } from '../auth/rpc-actor';
import { DistributionService } from './distribution.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class DistributionController {
  constructor(
    private readonly distribution: DistributionService,
    private readonly actors: ActorService,
  ) {}

  // A campaign's job freezes its selection with the delegation of that campaign and its filter.
  @MessagePattern(IdentityDistributionRpc.select.pattern)
  select(@Payload() raw: unknown) {
    return answerDelegable(
      this.actors,
      IdentityDistributionRpc.select,
      raw,
      (input) => ({ op: DELEGATED_OPERATIONS.freezeCampaign, ref: input.campaignId, filter: input.filter }),
      (actor, { filter, after, upTo, limit }) => this.distribution.select(actor, filter, { after, upTo }, limit),
    );
  }

  // Counted with the caller's own token, before launching.
  @MessagePattern(IdentityDistributionRpc.tally.pattern)
  tally(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityDistributionRpc.tally, raw, (actor, { filter }) => this.distribution.tally(actor, filter));
  }

  @MessagePattern(IdentityDistributionRpc.caller.pattern)
  caller(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityDistributionRpc.caller, raw, (actor) => this.distribution.caller(actor));
  }
}

import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IdentityDistributionRpc } from '@sesame/contracts';
import { RpcAckInterceptor } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { answerAs } from '../auth/rpc-actor';
import { DistributionService } from './distribution.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class DistributionController {
  constructor(
    private readonly distribution: DistributionService,
    private readonly actors: ActorService,
  ) {}

  @MessagePattern(IdentityDistributionRpc.select.pattern)
  select(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityDistributionRpc.select, raw, (actor, { filter, after, limit }) =>
      this.distribution.select(actor, filter, after, limit),
    );
  }

  @MessagePattern(IdentityDistributionRpc.caller.pattern)
  caller(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityDistributionRpc.caller, raw, (actor) => this.distribution.caller(actor));
  }
}

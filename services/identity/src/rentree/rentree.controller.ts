import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IdentityRentreeRpc } from '@sesame/contracts';
import { RpcAckInterceptor } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { answerAs } from '../auth/rpc-actor';
import { RentreeService } from './rentree.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class RentreeController {
  constructor(
    private readonly rentree: RentreeService,
    private readonly actors: ActorService,
  ) {}

  @MessagePattern(IdentityRentreeRpc.preview.pattern)
  preview(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRentreeRpc.preview, raw, (actor, input) => this.rentree.preview(actor, input));
  }

  @MessagePattern(IdentityRentreeRpc.open.pattern)
  open(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRentreeRpc.open, raw, (actor, input, request) => this.rentree.open(actor, input, request.requestId));
  }

  @MessagePattern(IdentityRentreeRpc.restore.pattern)
  restore(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRentreeRpc.restore, raw, (actor, input, request) => this.rentree.restore(actor, input.id, request.requestId));
  }

  @MessagePattern(IdentityRentreeRpc.list.pattern)
  list(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRentreeRpc.list, raw, (actor) => this.rentree.list(actor));
  }
}

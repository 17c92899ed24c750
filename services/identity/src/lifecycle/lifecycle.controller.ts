import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IdentityLifecycleRpc } from '@sesame/contracts';
import { RpcAckInterceptor } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { answerAs } from '../auth/rpc-actor';
import { LifecycleService } from './lifecycle.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class LifecycleController {
  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly actors: ActorService,
  ) {}

  @MessagePattern(IdentityLifecycleRpc.getPolicy.pattern)
  getPolicy(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityLifecycleRpc.getPolicy, raw, (actor) => this.lifecycle.policy(actor));
  }

  @MessagePattern(IdentityLifecycleRpc.setPolicy.pattern)
  setPolicy(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityLifecycleRpc.setPolicy, raw, (actor, input, request) => this.lifecycle.setPolicy(actor, input, request.requestId));
  }

  @MessagePattern(IdentityLifecycleRpc.ofUser.pattern)
  ofUser(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityLifecycleRpc.ofUser, raw, (actor, input) => this.lifecycle.ofUser(actor, input.id));
  }

  @MessagePattern(IdentityLifecycleRpc.simulate.pattern)
  simulate(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityLifecycleRpc.simulate, raw, (actor, input) => this.lifecycle.simulate(actor, input));
  }

  @MessagePattern(IdentityLifecycleRpc.depart.pattern)
  depart(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityLifecycleRpc.depart, raw, (actor, input, request) =>
      this.lifecycle.depart(actor, input.id, input.leftAt ? new Date(input.leftAt) : undefined, request.requestId),
    );
  }

  @MessagePattern(IdentityLifecycleRpc.comeBack.pattern)
  comeBack(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityLifecycleRpc.comeBack, raw, (actor, input, request) => this.lifecycle.comeBack(actor, input.id, request.requestId));
  }
}

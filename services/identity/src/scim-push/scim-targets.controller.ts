import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IdentityScimTargetsRpc } from '@sesame/contracts';
import { RpcAckInterceptor } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { answerAs } from '../auth/rpc-actor';
import { ScimTargetsService } from './scim-targets.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class ScimTargetsController {
  constructor(
    private readonly targets: ScimTargetsService,
    private readonly actors: ActorService,
  ) {}

  @MessagePattern(IdentityScimTargetsRpc.list.pattern)
  list(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityScimTargetsRpc.list, raw, (actor) => this.targets.list(actor));
  }

  @MessagePattern(IdentityScimTargetsRpc.get.pattern)
  get(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityScimTargetsRpc.get, raw, (actor, input) => this.targets.get(actor, input.id));
  }

  @MessagePattern(IdentityScimTargetsRpc.create.pattern)
  create(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityScimTargetsRpc.create, raw, (actor, input, request) => this.targets.create(actor, input, request.requestId));
  }

  @MessagePattern(IdentityScimTargetsRpc.update.pattern)
  update(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityScimTargetsRpc.update, raw, (actor, input, request) => this.targets.update(actor, input, request.requestId));
  }

  @MessagePattern(IdentityScimTargetsRpc.delete.pattern)
  delete(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityScimTargetsRpc.delete, raw, (actor, input, request) => this.targets.delete(actor, input.id, request.requestId));
  }

  @MessagePattern(IdentityScimTargetsRpc.reconcile.pattern)
  reconcile(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityScimTargetsRpc.reconcile, raw, (actor, input) => this.targets.startReconcile(actor, input.id));
  }
}

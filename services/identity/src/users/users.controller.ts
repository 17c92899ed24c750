import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IdentityRpc } from '@sesame/contracts';
import { RpcAckInterceptor } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { answerAs } from '../auth/rpc-actor';
import { SelectionRepository } from './selection.repository';
import { AccountStatusService } from './account-status.service';
import { UsersService } from './users.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly statuses: AccountStatusService,
    private readonly selection: SelectionRepository,
    private readonly actors: ActorService,
  ) {}

  @MessagePattern(IdentityRpc.listUsers.pattern)
  list(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.listUsers, raw, (actor, query) => this.selection.select(actor, query));
  }

  @MessagePattern(IdentityRpc.getUser.pattern)
  get(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.getUser, raw, (actor, { id }) => this.users.get(actor, id));
  }

  @MessagePattern(IdentityRpc.createUser.pattern)
  create(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.createUser, raw, (actor, input, req) => this.users.create(actor, input, req.requestId));
  }

  @MessagePattern(IdentityRpc.updateUser.pattern)
  update(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.updateUser, raw, (actor, input, req) => this.users.update(actor, input, req.requestId));
  }

  @MessagePattern(IdentityRpc.setPassword.pattern)
  setPassword(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.setPassword, raw, async (actor, input, req) => {
      await this.users.setPassword(actor, input.id, input.password, req.requestId);
      return { done: true as const };
    });
  }

  @MessagePattern(IdentityRpc.deactivateUser.pattern)
  deactivate(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.deactivateUser, raw, (actor, { id }, req) => this.statuses.deactivate(actor, id, req.requestId));
  }

  @MessagePattern(IdentityRpc.preDeleteUser.pattern)
  preDelete(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.preDeleteUser, raw, (actor, { id }, req) => this.statuses.preDelete(actor, id, req.requestId));
  }

  @MessagePattern(IdentityRpc.restoreUser.pattern)
  restore(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.restoreUser, raw, (actor, { id }, req) => this.statuses.restore(actor, id, req.requestId));
  }

  @MessagePattern(IdentityRpc.reactivateUser.pattern)
  reactivate(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.reactivateUser, raw, (actor, { id }, req) => this.statuses.reactivate(actor, id, req.requestId));
  }
}

import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IdentityRpc } from '@sesame/contracts';
import { RpcAckInterceptor, answerRpc } from '@sesame/messaging';
import { ActorService } from './actor.service';
import { AuthService } from './auth.service';
import { answerAs } from './rpc-actor';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly actors: ActorService,
  ) {}

  @MessagePattern(IdentityRpc.login.pattern)
  login(@Payload() raw: unknown) {
    return answerRpc(IdentityRpc.login, raw, (input) => this.auth.login(input.username, input.password));
  }

  @MessagePattern(IdentityRpc.getMe.pattern)
  me(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.getMe, raw, (actor) => this.auth.me(actor));
  }

  @MessagePattern(IdentityRpc.updateMe.pattern)
  updateMe(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.updateMe, raw, (actor, input) => this.auth.updateMe(actor, input));
  }

  @MessagePattern(IdentityRpc.changeOwnPassword.pattern)
  changeOwnPassword(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.changeOwnPassword, raw, (actor, input) =>
      this.auth.changeOwnPassword(actor, input.currentPassword, input.newPassword),
    );
  }
}

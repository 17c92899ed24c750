import { Controller, Inject, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IdentityRpc } from '@sesame/contracts';
import { RpcAckInterceptor, answerRpc } from '@sesame/messaging';
import { ActorService } from './actor.service';
import { AuthService } from './auth.service';
import { answerAs } from './rpc-actor';
import { AttemptThrottle } from '../throttle/attempt-throttle';
import { LOGIN_THROTTLE } from '../throttle/throttle.module';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly actors: ActorService,
    @Inject(LOGIN_THROTTLE) private readonly throttle: AttemptThrottle,
  ) {}

  /** Throttled here, not only at the gateway: a login written straight to the queue is counted too. */
  @MessagePattern(IdentityRpc.login.pattern)
  login(@Payload() raw: unknown) {
    return answerRpc(IdentityRpc.login, raw, (input) =>
      this.throttle.attempt(input.username, input.clientAddress, () => this.auth.login(input.username, input.password)),
    );
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

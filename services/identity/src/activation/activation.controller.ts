import { Controller, Inject, UseInterceptors } from '@nestjs/common';
import { EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { IdentityRpc } from '@sesame/contracts';
import { RpcAckInterceptor, answerRpc } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { answerAs } from '../auth/rpc-actor';
import { AttemptThrottle } from '../throttle/attempt-throttle';
import { ResetRequestLimiter } from '../throttle/reset-request-limiter';
import { ACTIVATION_THROTTLE } from '../throttle/throttle.module';
import { ActivationService } from './activation.service';
import { PasswordResetService } from './password-reset.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class ActivationController {
  constructor(
    private readonly activation: ActivationService,
    private readonly reset: PasswordResetService,
    private readonly actors: ActorService,
    @Inject(ACTIVATION_THROTTLE) private readonly throttle: AttemptThrottle,
    private readonly resetRequests: ResetRequestLimiter,
  ) {}

  @MessagePattern(IdentityRpc.activate.pattern)
  activate(@Payload() raw: unknown) {
    return answerRpc(IdentityRpc.activate, raw, (input) =>
      this.throttle.attempt(input.username, input.clientAddress, () => this.activation.activate(input)),
    );
  }

  @MessagePattern(IdentityRpc.regenerateActivationCode.pattern)
  regenerate(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityRpc.regenerateActivationCode, raw, (actor, { id }, req) =>
      this.activation.regenerate(actor, id, req.requestId),
    );
  }

  /** Fire-and-forget (the gateway has already answered 202): nothing is sent back. */
  @EventPattern(IdentityRpc.forgotPassword.pattern)
  async forgot(@Payload() raw: unknown): Promise<void> {
    await answerRpc(IdentityRpc.forgotPassword, raw, async (input) => {
      if (await this.resetRequests.allow(input.username, input.clientAddress)) await this.reset.request(input.username, input.locale);
      return { accepted: true as const };
    });
  }

  @MessagePattern(IdentityRpc.resetPassword.pattern)
  resetPassword(@Payload() raw: unknown) {
    return answerRpc(IdentityRpc.resetPassword, raw, async (input) => {
      await this.reset.reset(input.token, input.password);
      return { done: true as const };
    });
  }
}

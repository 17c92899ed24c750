import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IdentityImportRpc } from '@sesame/contracts';
import { RpcAckInterceptor } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { answerAs } from '../auth/rpc-actor';
import { ImportsService } from './imports.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly actors: ActorService,
  ) {}

  @MessagePattern(IdentityImportRpc.check.pattern)
  check(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityImportRpc.check, raw, (actor, input) => this.imports.check(actor, input));
  }

  @MessagePattern(IdentityImportRpc.stage.pattern)
  stage(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityImportRpc.stage, raw, (actor, input) => this.imports.stage(actor, input));
  }

  @MessagePattern(IdentityImportRpc.commit.pattern)
  commit(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityImportRpc.commit, raw, (actor, input, request) =>
      this.imports.commit(actor, input.importId, input.rows, request.requestId),
    );
  }
}

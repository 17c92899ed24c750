import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DELEGATED_OPERATIONS, IdentityImportRpc } from '@sesame/contracts';
import { RpcAckInterceptor } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { answerDelegable } from '../auth/rpc-actor';
import { ImportsService } from './imports.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly actors: ActorService,
  ) {}

  // The importer's jobs call with the delegation of one upload (check) or one confirmed import (stage, commit).
  @MessagePattern(IdentityImportRpc.check.pattern)
  check(@Payload() raw: unknown) {
    return answerDelegable(
      this.actors,
      IdentityImportRpc.check,
      raw,
      (input) => ({ op: DELEGATED_OPERATIONS.validateImport, ref: input.importId }),
      (actor, input) => this.imports.check(actor, input),
    );
  }

  @MessagePattern(IdentityImportRpc.stage.pattern)
  stage(@Payload() raw: unknown) {
    return answerDelegable(
      this.actors,
      IdentityImportRpc.stage,
      raw,
      (input) => ({ op: DELEGATED_OPERATIONS.commitImport, ref: input.importId }),
      (actor, input) => this.imports.stage(actor, input),
    );
  }

  @MessagePattern(IdentityImportRpc.commit.pattern)
  commit(@Payload() raw: unknown) {
    return answerDelegable(
      this.actors,
      IdentityImportRpc.commit,
      raw,
      (input) => ({ op: DELEGATED_OPERATIONS.commitImport, ref: input.importId }),
      (actor, input, request) => this.imports.commit(actor, input.importId, input.rows, request.requestId),
    );
  }
}

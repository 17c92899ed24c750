import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IdentityUndoRpc } from '@sesame/contracts';
import { RpcAckInterceptor } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { answerAs } from '../auth/rpc-actor';
import { UndoService } from './undo.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class UndoController {
  constructor(
    private readonly undo: UndoService,
    private readonly actors: ActorService,
  ) {}

  @MessagePattern(IdentityUndoRpc.preview.pattern)
  preview(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityUndoRpc.preview, raw, (actor, input) => this.undo.preview(actor, input.kind, input.id));
  }

  @MessagePattern(IdentityUndoRpc.undo.pattern)
  apply(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityUndoRpc.undo, raw, (actor, input, request) => this.undo.undo(actor, input.kind, input.id, input.skipBlocked, request.requestId));
  }
}

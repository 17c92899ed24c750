import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DELEGATED_OPERATIONS, IdentityFeedRpc } from '@sesame/contracts';
import { RpcAckInterceptor } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { answerAs, answerDelegable } from '../auth/rpc-actor';
import { FeedsService } from './feeds.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class FeedsController {
  constructor(
    private readonly feeds: FeedsService,
    private readonly actors: ActorService,
  ) {}

  // With the uploader's token; the importer then asks for the feed's delegation (DELEGATED_OPERATIONS.readFeed).
  @MessagePattern(IdentityFeedRpc.open.pattern)
  open(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityFeedRpc.open, raw, (actor, input, request) => this.feeds.open(actor, input, request.requestId));
  }

  // The importer's read job, with the feed's delegation.
  @MessagePattern(IdentityFeedRpc.stage.pattern)
  stage(@Payload() raw: unknown) {
    return answerDelegable(this.actors, IdentityFeedRpc.stage, raw, (input) => ({ op: DELEGATED_OPERATIONS.readFeed, ref: input.feedId }), (actor, input) =>
      this.feeds.stage(actor, input),
    );
  }

  @MessagePattern(IdentityFeedRpc.close.pattern)
  close(@Payload() raw: unknown) {
    return answerDelegable(this.actors, IdentityFeedRpc.close, raw, (input) => ({ op: DELEGATED_OPERATIONS.readFeed, ref: input.feedId }), (actor, input) =>
      this.feeds.close(actor, input),
    );
  }

  @MessagePattern(IdentityFeedRpc.fail.pattern)
  fail(@Payload() raw: unknown) {
    return answerDelegable(this.actors, IdentityFeedRpc.fail, raw, (input) => ({ op: DELEGATED_OPERATIONS.readFeed, ref: input.feedId }), (actor, input) =>
      this.feeds.fail(actor, input),
    );
  }

  @MessagePattern(IdentityFeedRpc.list.pattern)
  list(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityFeedRpc.list, raw, (actor, input) => this.feeds.list(actor, input.page, input.pageSize));
  }

  @MessagePattern(IdentityFeedRpc.get.pattern)
  get(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityFeedRpc.get, raw, (actor, input) => this.feeds.get(actor, input.id));
  }

  @MessagePattern(IdentityFeedRpc.changes.pattern)
  changes(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityFeedRpc.changes, raw, (actor, input) => this.feeds.changesOf(actor, input));
  }

  @MessagePattern(IdentityFeedRpc.confirm.pattern)
  confirm(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityFeedRpc.confirm, raw, (actor, input, request) => this.feeds.confirm(actor, input, request.requestId));
  }
}

import { RpcDefinition, RpcRequest, RpcResult } from '@sesame/contracts';
import { answerRpc } from '@sesame/messaging';
import type { z } from 'zod';
import type { Actor } from './actor';
import { ActorService } from './actor.service';

/** answerRpc for calls made on behalf of a signed-in user: the handler receives the verified Actor. */
export function answerAs<I extends z.ZodType, O extends z.ZodType>(
  actors: ActorService,
  definition: RpcDefinition<I, O>,
  raw: unknown,
  handle: (actor: Actor, input: z.output<I>, request: RpcRequest) => Promise<z.input<O>>,
): Promise<RpcResult<z.input<O>>> {
  return answerRpc(definition, raw, async (input, request) => handle(await actors.resolve(request.token), input, request));
}

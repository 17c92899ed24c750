import { RpcDefinition, RpcRequest, RpcResult } from '@sesame/contracts';
import { answerRpc } from '@sesame/messaging';
import type { z } from 'zod';
import type { DelegatedCall } from './delegation.rules';
import type { Actor } from './actor';
import { ActorService } from './actor.service';

/**
 * answerRpc for calls made on behalf of a signed-in user: the handler receives the verified Actor.
 * Only the user's token is read: a delegation gives no access here.
 */
export function answerAs<I extends z.ZodType, O extends z.ZodType>(
  actors: ActorService,
  definition: RpcDefinition<I, O>,
  raw: unknown,
  handle: (actor: Actor, input: z.output<I>, request: RpcRequest) => Promise<z.input<O>>,
): Promise<RpcResult<z.input<O>>> {
  return answerRpc(definition, raw, async (input, request) => handle(await actors.resolve(request.token), input, request));
}

/**
 * answerAs for the calls a background job makes: with a delegation, the Actor is the person who
 * signed it, and only when it was signed for `delegated(input)` (this operation, on the import or
 * campaign the input names). Without one, the caller's own token, as answerAs.
 */
export function answerDelegable<I extends z.ZodType, O extends z.ZodType>(
  actors: ActorService,
  definition: RpcDefinition<I, O>,
  raw: unknown,
  delegated: (input: z.output<I>) => DelegatedCall,
  handle: (actor: Actor, input: z.output<I>, request: RpcRequest) => Promise<z.input<O>>,
): Promise<RpcResult<z.input<O>>> {
  return answerRpc(definition, raw, async (input, request) => {
    const actor = request.delegation !== undefined ? await actors.resolveDelegated(request.delegation, delegated(input)) : await actors.resolve(request.token);
    return handle(actor, input, request);
  });
}

import { z } from 'zod';
import { ServiceError, ServiceErrorSchema } from './errors';

/**
 * A request/reply call between services. The pattern is the routing name on the service's RPC
 * queue; the schemas are parsed by the service that receives the request and by the caller that
 * receives the answer.
 */
export interface RpcDefinition<I extends z.ZodType, O extends z.ZodType> {
  readonly pattern: string;
  readonly input: I;
  readonly output: O;
  /**
   * How long a caller waits for this call, when it may take longer than the caller's usual timeout
   * (one transaction over a whole académie: a rentrée, the undo of a feed). The longer of the two wins.
   */
  readonly timeoutMs?: number;
}

export function defineRpc<I extends z.ZodType, O extends z.ZodType>(
  pattern: string,
  input: I,
  output: O,
  options: { timeoutMs?: number } = {},
): RpcDefinition<I, O> {
  return { pattern, input, output, ...options };
}

/** The wait of the calls that change a whole académie in one transaction (see RpcDefinition.timeoutMs). */
export const LONG_RPC_TIMEOUT_MS = 300_000;

export type RpcInput<D> = D extends RpcDefinition<infer I, z.ZodType> ? z.input<I> : never;
export type RpcOutput<D> = D extends RpcDefinition<z.ZodType, infer O> ? z.output<O> : never;

/**
 * What travels on the queue. `token` is the caller's own access token, forwarded untouched: the
 * receiving service verifies it and loads the caller from its data, so a message written straight to
 * the queue cannot claim rights it does not have. A background job has no token: it sends the
 * `delegation` identity signed for its one operation (see IdentityDelegationRpc), which only the
 * handlers of that operation accept.
 */
export const RpcRequestSchema = z.object({
  token: z.string().optional(),
  delegation: z.string().max(16_384).optional(),
  input: z.unknown(),
  /** Correlates logs across services. */
  requestId: z.string().max(100).optional(),
  /** Epoch milliseconds after which the caller has given up: the service drops the request unanswered. */
  deadline: z.number().int().positive().optional(),
});
export type RpcRequest = z.infer<typeof RpcRequestSchema>;

export type RpcResult<T> = { ok: true; data: T } | { ok: false; error: ServiceError };

export const RpcResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: ServiceErrorSchema }),
]);

import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { RmqContext, RmqOptions, Transport } from '@nestjs/microservices';
import {
  RpcDefinition,
  RpcRequest,
  RpcRequestSchema,
  RpcResult,
  ServiceFailure,
  rpcQueueArguments,
  fieldIssuesFromZod,
  namespaced,
  nulCharacterIssues,
} from '@sesame/contracts';
import { Observable, finalize } from 'rxjs';
import type { z } from 'zod';
import { AmqpTls, socketOptions } from './socket';

export interface RpcServerOptions {
  url: string;
  namespace: string;
  queue: string;
  /** Requests handled at once by this replica. */
  prefetch?: number;
  /** CA bundle and client certificate of an amqps:// connection. */
  tls?: AmqpTls;
}

/**
 * Nest's RabbitMQ transport as Sesame needs it: a durable request queue with a dead-letter exchange
 * (see rpcQueueArguments for why not quorum), manual acknowledgement (see RpcAckInterceptor) and a
 * bounded prefetch.
 */
export function rpcServerOptions(options: RpcServerOptions): RmqOptions {
  return {
    transport: Transport.RMQ,
    options: {
      urls: [options.url],
      queue: namespaced(options.namespace, options.queue),
      queueOptions: { durable: true, arguments: rpcQueueArguments(options.namespace, options.queue) },
      noAck: false,
      prefetchCount: options.prefetch ?? 16,
      persistent: false,
      socketOptions: { connectionOptions: socketOptions(options.tls) },
    },
  };
}

/** Acknowledges each request once its handler has finished, answer sent or not. */
@Injectable()
export class RpcAckInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rmq = context.switchToRpc().getContext<RmqContext>();
    return next.handle().pipe(
      finalize(() => {
        rmq.getChannelRef().ack(rmq.getMessage());
      }),
    );
  }
}

const logger = new Logger('Rpc');

/**
 * Parses a request against its definition, runs the handler and shapes the answer. Refusals
 * (ServiceFailure) travel back as `{ ok: false }`; anything else is logged and answered `internal`,
 * so a caller never waits for a crashed handler and never sees a stack trace.
 */
export async function answerRpc<I extends z.ZodType, O extends z.ZodType>(
  definition: RpcDefinition<I, O>,
  raw: unknown,
  handle: (input: z.output<I>, request: RpcRequest) => Promise<z.input<O>>,
): Promise<RpcResult<z.input<O>>> {
  const request = RpcRequestSchema.safeParse(raw);
  if (!request.success) {
    return { ok: false, error: { code: 'validation_failed', issues: fieldIssuesFromZod(request.error) } };
  }
  if (request.data.deadline !== undefined && request.data.deadline < Date.now()) {
    return { ok: false, error: { code: 'service_unavailable' } };
  }
  // Whatever the schema: a NUL would reach PostgreSQL, which refuses it (see nulCharacterIssues).
  const nul = nulCharacterIssues(request.data.input);
  if (nul.length) return { ok: false, error: { code: 'validation_failed', issues: nul } };
  const input = definition.input.safeParse(request.data.input ?? {});
  if (!input.success) {
    return { ok: false, error: { code: 'validation_failed', issues: fieldIssuesFromZod(input.error) } };
  }
  try {
    return { ok: true, data: await handle(input.data, request.data) };
  } catch (error) {
    if (error instanceof ServiceFailure) return { ok: false, error: error.toServiceError() };
    logger.error({ err: error, pattern: definition.pattern, requestId: request.data.requestId }, 'RPC handler failed');
    return { ok: false, error: { code: 'internal' } };
  }
}

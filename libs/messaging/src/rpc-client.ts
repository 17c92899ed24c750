import { ClientProxy, ClientProxyFactory, ClientRMQ, Transport } from '@nestjs/microservices';
import {
  RpcDefinition,
  RpcRequest,
  RpcResultSchema,
  ServiceFailure,
  namespaced,
} from '@sesame/contracts';
import { lastValueFrom, timeout } from 'rxjs';
import { AmqpTls, socketOptions } from './socket';
import type { z } from 'zod';

export interface RpcClientOptions {
  url: string;
  namespace: string;
  /** The queue of the service called. */
  queue: string;
  /** Milliseconds before a call is answered `service_unavailable`. */
  timeout: number;
  /** CA bundle and client certificate of an amqps:// connection. */
  tls?: AmqpTls;
}

export interface CallContext {
  token?: string;
  /** What a background job sends instead of a token (see RpcRequestSchema). */
  delegation?: string;
  requestId?: string;
}

/**
 * Calls another service over RabbitMQ (request/reply). A call that gets no answer in time fails
 * with `service_unavailable` instead of hanging; a refusal comes back as the ServiceFailure it was.
 */
export class RpcClient {
  private readonly proxy: ClientProxy;

  constructor(private readonly options: RpcClientOptions) {
    this.proxy = ClientProxyFactory.create({
      transport: Transport.RMQ,
      options: {
        urls: [options.url],
        queue: namespaced(options.namespace, options.queue),
        // The callee declares its queue: a caller holds no `configure` on it (that would let it
        // delete the queue, or declare it first with arguments of its choosing).
        noAssert: true,
        // Transient: a request outlives its caller's patience by nothing (see rpcQueueArguments).
        persistent: false,
        socketOptions: { connectionOptions: socketOptions(options.tls) },
      },
    });
    // Connection failures surface as call timeouts; the transport reconnects by itself.
    (this.proxy as ClientRMQ).on?.('error', () => undefined);
  }

  async call<I extends z.ZodType, O extends z.ZodType>(
    definition: RpcDefinition<I, O>,
    input: z.input<I>,
    context: CallContext = {},
  ): Promise<z.output<O>> {
    const wait = Math.max(this.options.timeout, definition.timeoutMs ?? 0);
    const request: RpcRequest = {
      token: context.token,
      delegation: context.delegation,
      requestId: context.requestId,
      input,
      deadline: Date.now() + wait,
    };
    let raw: unknown;
    try {
      raw = await lastValueFrom(this.proxy.send(definition.pattern, request).pipe(timeout(wait)));
    } catch {
      throw new ServiceFailure('service_unavailable');
    }
    const result = RpcResultSchema.parse(raw);
    if (!result.ok) {
      const { code, ...details } = result.error;
      throw new ServiceFailure(code, details);
    }
    return definition.output.parse(result.data);
  }

  /**
   * Sends a request that gets no answer (the caller does not wait for the work, nor learn anything
   * from its duration). Resolves once RabbitMQ has the message.
   */
  async emit<I extends z.ZodType, O extends z.ZodType>(definition: RpcDefinition<I, O>, input: z.input<I>, context: CallContext = {}): Promise<void> {
    const request: RpcRequest = { token: context.token, delegation: context.delegation, requestId: context.requestId, input };
    try {
      await lastValueFrom(this.proxy.emit(definition.pattern, request).pipe(timeout(this.options.timeout)), { defaultValue: undefined });
    } catch {
      throw new ServiceFailure('service_unavailable');
    }
  }

  /** Whether the underlying connection to RabbitMQ is up (for readiness). */
  isConnected(): boolean {
    try {
      return (this.proxy as ClientRMQ).unwrap<{ isConnected(): boolean }>().isConnected();
    } catch {
      return false; // not connected yet
    }
  }

  async connect(): Promise<void> {
    await this.proxy.connect();
  }

  async close(): Promise<void> {
    await this.proxy.close();
  }
}

import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@sesame/observability';
import { Broker, BrokerOptions } from './broker';

export interface DurableQueue {
  queue: string;
  bindings?: Array<{ exchange: string; routingKey: string }>;
  singleActiveConsumer?: boolean;
}

export interface BrokerModuleOptions {
  /** Request/reply queues the service answers on: their dead-letter queues are declared here. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  inject: any[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  useFactory: (...args: any[]) => BrokerOptions & { queues?: DurableQueue[]; rpcQueues?: string[] };
}

/** The process's connection to RabbitMQ, the durable queues the service owns, and its readiness check. */
@Global()
@Module({})
export class BrokerModule implements OnApplicationShutdown {
  constructor(@Inject(Broker) private readonly broker: Broker) {}

  static forRoot(options: BrokerModuleOptions): DynamicModule {
    return {
      module: BrokerModule,
      providers: [
        {
          provide: Broker,
          inject: [...options.inject, HealthRegistry],
          useFactory: async (...args: unknown[]) => {
            const health = args.pop() as HealthRegistry;
            const { queues = [], rpcQueues = [], ...connection } = options.useFactory(...args);
            const broker = new Broker(connection);
            for (const queue of rpcQueues) await broker.declareRpcDeadLetters(queue);
            for (const { queue, bindings, singleActiveConsumer } of queues) {
              await broker.declareDurableQueue(queue, bindings, { singleActiveConsumer });
            }
            health.register('rabbitmq', async () => {
              if (!broker.isConnected()) throw new Error('not connected to RabbitMQ');
            });
            return broker;
          },
        },
      ],
      exports: [Broker],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.broker.close();
  }
}

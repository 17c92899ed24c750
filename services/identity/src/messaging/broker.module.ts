import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { QUEUES } from '@sesame/contracts';
import { Broker } from '@sesame/messaging';
import { HealthRegistry } from '@sesame/observability';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';

@Global()
@Module({
  providers: [
    {
      provide: Broker,
      inject: [IDENTITY_CONFIG, HealthRegistry],
      useFactory: async (config: IdentityConfig, health: HealthRegistry) => {
        const broker = new Broker({
          url: config.AMQP_URL,
          namespace: config.AMQP_NAMESPACE,
          connectionName: 'sesame-identity',
        });
        // The RPC queue itself is declared by the Nest transport with the same arguments.
        await broker.declareDurableQueue(QUEUES.identityRpc);
        health.register('rabbitmq', async () => {
          if (!broker.isConnected()) throw new Error('not connected to RabbitMQ');
        });
        return broker;
      },
    },
  ],
  exports: [Broker],
})
export class BrokerModule implements OnApplicationShutdown {
  constructor(@Inject(Broker) private readonly broker: Broker) {}

  async onApplicationShutdown(): Promise<void> {
    await this.broker.close();
  }
}

import { Global, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QUEUES } from '@sesame/contracts';
import { amqpTls } from '@sesame/config';
import { RpcClient } from '@sesame/messaging';
import { HealthRegistry } from '@sesame/observability';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';

/** The one way the gateway talks to identity: typed request/reply over RabbitMQ, with a timeout. */
@Injectable()
export class IdentityClient extends RpcClient implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig, health: HealthRegistry) {
    super({ url: config.AMQP_URL, tls: amqpTls(config), namespace: config.AMQP_NAMESPACE, queue: QUEUES.identityRpc, timeout: config.RPC_TIMEOUT_MS });
    health.register('rabbitmq', async () => {
      if (!this.isConnected()) throw new Error('not connected to RabbitMQ');
    });
  }

  onApplicationBootstrap(): void {
    // Connect early so the first request does not pay for it; failures retry in the background.
    this.connect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

@Global()
@Module({ providers: [IdentityClient], exports: [IdentityClient] })
export class IdentityModule {}

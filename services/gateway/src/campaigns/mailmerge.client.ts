import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QUEUES } from '@sesame/contracts';
import { amqpTls } from '@sesame/config';
import { RpcClient } from '@sesame/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';

/** The gateway's calls to mailmerge: typed request/reply over RabbitMQ, with the caller's token. */
@Injectable()
export class MailmergeClient extends RpcClient implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    super({ url: config.AMQP_URL, tls: amqpTls(config), namespace: config.AMQP_NAMESPACE, queue: QUEUES.mailmergeRpc, timeout: config.RPC_TIMEOUT_MS });
  }

  onApplicationBootstrap(): void {
    // Connect early so the first request does not pay for it; failures retry in the background.
    this.connect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

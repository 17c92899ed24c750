import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QUEUES } from '@sesame/contracts';
import { amqpTls } from '@sesame/config';
import { RpcClient } from '@sesame/messaging';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../config/mailmerge.config';

/** Mailmerge's calls to identity (request/reply over RabbitMQ), with the caller's token or a campaign's delegation. */
@Injectable()
export class IdentityClient extends RpcClient implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(MAILMERGE_CONFIG) config: MailmergeConfig) {
    super({ url: config.AMQP_URL, tls: amqpTls(config), namespace: config.AMQP_NAMESPACE, queue: QUEUES.identityRpc, timeout: config.RPC_TIMEOUT_MS });
  }

  onApplicationBootstrap(): void {
    // Connect early so the first campaign does not pay for it; failures retry in the background.
    this.connect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

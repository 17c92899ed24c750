import { Global, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QUEUES } from '@sesame/contracts';
import { amqpTls } from '@sesame/config';
import { RpcClient } from '@sesame/messaging';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';

/**
 * The gateway's calls to the importer over RabbitMQ (history, report, confirmation). Uploads and
 * report.csv are bytes: they stream over HTTP instead (see importer-http.ts).
 */
@Injectable()
export class ImporterClient extends RpcClient implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    super({ url: config.AMQP_URL, tls: amqpTls(config), namespace: config.AMQP_NAMESPACE, queue: QUEUES.importerRpc, timeout: config.RPC_TIMEOUT_MS });
  }

  onApplicationBootstrap(): void {
    this.connect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

@Global()
@Module({ providers: [ImporterClient], exports: [ImporterClient] })
export class ImporterModule {}

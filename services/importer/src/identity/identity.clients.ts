import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { QUEUES } from '@sesame/contracts';
import { amqpTls } from '@sesame/config';
import { RpcClient } from '@sesame/messaging';
import { IMPORTER_CONFIG, ImporterConfig } from '../config/importer.config';

/** Calls to identity over RabbitMQ (request/reply): who is calling, checks, staging. */
@Injectable()
export class IdentityClient extends RpcClient implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(IMPORTER_CONFIG) config: ImporterConfig) {
    super({ url: config.AMQP_URL, tls: amqpTls(config), namespace: config.AMQP_NAMESPACE, queue: QUEUES.identityRpc, timeout: config.RPC_TIMEOUT_MS });
  }

  onApplicationBootstrap(): void {
    this.connect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

/**
 * The one call that may take minutes: identity creates every account of an import in one
 * transaction. Its own client, so its patience does not become that of every other call.
 */
@Injectable()
export class IdentityCommitClient extends RpcClient implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(IMPORTER_CONFIG) config: ImporterConfig) {
    super({ url: config.AMQP_URL, tls: amqpTls(config), namespace: config.AMQP_NAMESPACE, queue: QUEUES.identityRpc, timeout: config.IMPORT_COMMIT_TIMEOUT_MS });
  }

  onApplicationBootstrap(): void {
    this.connect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

import { getHeapStatistics } from 'node:v8';
import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { QUEUES } from '@sesame/contracts';
import { amqpTls } from '@sesame/config';
import { rpcServerOptions } from '@sesame/messaging';
import { prepareApplication } from '@sesame/observability';
import { AppModule } from './app.module';
import { MailmergeConfig } from './config/mailmerge.config';

/**
 * Builds and starts mailmerge: health, metrics and the campaign documents (for the gateway) on PORT,
 * its database migrated, its queues declared, the RPC consumer on RabbitMQ, the job workers.
 */
export async function startMailmerge(config: MailmergeConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  prepareApplication(app);
  app.connectMicroservice(
    rpcServerOptions({ url: config.AMQP_URL, tls: amqpTls(config), namespace: config.AMQP_NAMESPACE, queue: QUEUES.mailmergeRpc, prefetch: config.RPC_PREFETCH }),
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.PORT);
  warnIfHeapUncapped(new Logger('Mailmerge'));
  return app;
}

/** Above this, the main heap was not capped (NODE_OPTIONS) and V8 sized it from the machine's memory. */
const UNCAPPED_HEAP_MB = 1024;

/**
 * A campaign's peak memory is bounded only if the main thread's heap is (the rendering threads cap
 * their own): V8's default limit follows the machine's memory (4 GB on a large host), and with it
 * how much garbage piles up before it is collected. deploy/k8s and docker-compose set 256 MB.
 */
function warnIfHeapUncapped(logger: Logger): void {
  const heapMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  if (heapMb > UNCAPPED_HEAP_MB) {
    logger.warn({ heapMb }, 'The heap is not capped: set NODE_OPTIONS=--max-old-space-size=256 (as deploy/k8s does), or the peak memory follows the machine');
  }
}

import { INestApplication } from '@nestjs/common';
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
  return app;
}

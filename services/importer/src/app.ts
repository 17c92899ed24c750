import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { QUEUES } from '@sesame/contracts';
import { amqpTls } from '@sesame/config';
import { rpcServerOptions } from '@sesame/messaging';
import { prepareApplication } from '@sesame/observability';
import { AppModule } from './app.module';
import { ImporterConfig } from './config/importer.config';

/**
 * Builds and starts importer: HTTP on PORT (health, metrics, and the internal upload and report
 * routes the gateway streams through), the RPC consumer on RabbitMQ, its jobs on BullMQ.
 */
export async function startImporter(config: ImporterConfig): Promise<INestApplication> {
  // No body parser: uploads are multipart streams read as they arrive (see UploadService).
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  prepareApplication(app);
  app.connectMicroservice(
    rpcServerOptions({ url: config.AMQP_URL, tls: amqpTls(config), namespace: config.AMQP_NAMESPACE, queue: QUEUES.importerRpc, prefetch: config.RPC_PREFETCH }),
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  app.getHttpServer().requestTimeout = config.UPLOAD_TIMEOUT_SECONDS * 1000;
  await app.listen(config.PORT);
  return app;
}

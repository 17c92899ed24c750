import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { prepareApplication } from '@sesame/observability';
import { AppModule } from './app.module';
import { GatewayConfig } from './config/gateway.config';
import { setupApiDocs } from './http/api-docs';
import { consoleProxy } from './http/console.proxy';
import { identityProxy } from './http/identity.proxy';
import { jsonOnly } from './http/json-only.middleware';
import { noStore } from './http/no-store.middleware';

/** Builds and starts the gateway: the public HTTP API on PORT. */
export async function startGateway(config: GatewayConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  prepareApplication(app);
  app.set('trust proxy', config.TRUST_PROXY.split(',').map((s) => s.trim()));
  app.disable('x-powered-by');
  app.use(identityProxy(config.IDENTITY_URL, config.PUBLIC_URL));
  app.use(consoleProxy(config.CONSOLE_URL));
  app.use(noStore);
  app.use(jsonOnly);
  // JSON only, bounded: larger bodies get 413, malformed ones 400, both as problem+json.
  app.useBodyParser('json', { limit: `${config.BODY_LIMIT_KB}kb`, type: ['application/json', 'application/*+json'] });
  setupApiDocs(app);
  // Uploads stream at the pace of the importer's password hashing (see UPLOAD_TIMEOUT_SECONDS).
  app.getHttpServer().requestTimeout = config.UPLOAD_TIMEOUT_SECONDS * 1000;
  await app.listen(config.PORT);
  return app;
}

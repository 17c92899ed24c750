import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { QUEUES } from '@sesame/contracts';
import { amqpTls } from '@sesame/config';
import { rpcServerOptions } from '@sesame/messaging';
import { prepareApplication } from '@sesame/observability';
import { AppModule } from './app.module';
import { IdentityConfig } from './config/identity.config';
import { mountOidc } from './oidc/mount';
import { mountScim } from './scim/scim.router';
import { mountOneRoster } from './oneroster/oneroster.router';

/**
 * Builds and starts identity: HTTP on PORT (health, metrics, and the OpenID Connect provider that the
 * gateway serves at /oidc) and the RPC consumer on RabbitMQ.
 */
export async function startIdentity(config: IdentityConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  prepareApplication(app);
  mountOidc(app, config.OIDC_TRUST_PROXY);
  mountScim(app);
  mountOneRoster(app);
  app.connectMicroservice(
    rpcServerOptions({ url: config.AMQP_URL, tls: amqpTls(config), namespace: config.AMQP_NAMESPACE, queue: QUEUES.identityRpc, prefetch: config.RPC_PREFETCH }),
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.PORT);
  return app;
}

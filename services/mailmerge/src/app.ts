import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { prepareApplication } from '@sesame/observability';
import { AppModule } from './app.module';
import { MailmergeConfig } from './config/mailmerge.config';

/** Builds and starts mailmerge: health and metrics on PORT, its database migrated, its queues declared. */
export async function startMailmerge(config: MailmergeConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  prepareApplication(app);
  await app.listen(config.PORT);
  return app;
}

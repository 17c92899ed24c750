import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { prepareApplication } from '@sesame/observability';
import { AppModule } from './app.module';
import { ImporterConfig } from './config/importer.config';

/** Builds and starts importer: health and metrics on PORT, its database migrated, its queues declared. */
export async function startImporter(config: ImporterConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  prepareApplication(app);
  await app.listen(config.PORT);
  return app;
}

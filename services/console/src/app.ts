import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { HealthRegistry, prepareApplication } from '@sesame/observability';
import { AppModule } from './app.module';
import { ConsoleConfig } from './config/console.config';

/** Serves the built web console; ready once the build is there. */
export async function startConsole(config: ConsoleConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true });
  prepareApplication(app);
  const index = join(config.CONSOLE_WEB_DIR, 'index.html');
  app.get(HealthRegistry).register('web build', async () => {
    if (!existsSync(index)) throw new Error(`${index} is missing: build the console first`);
  });
  app.useStaticAssets(config.CONSOLE_WEB_DIR, { index: false, maxAge: '1h' });
  // Every other page is the single-page application's: its router reads the path.
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || /^\/(health|metrics|assets)(\/|$)/.test(request.path)) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
  await app.listen(config.PORT);
  return app;
}

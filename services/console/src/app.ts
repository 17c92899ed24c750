import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { HealthRegistry, prepareApplication } from '@sesame/observability';
import { AppModule } from './app.module';
import { ConsoleConfig } from './config/console.config';
import { pageHeaders, singlePageFallback } from './http/spa-fallback';

/** Serves the built web console; ready once the build is there. */
export async function startConsole(config: ConsoleConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true });
  prepareApplication(app);
  app.disable('x-powered-by');
  const index = join(config.CONSOLE_WEB_DIR, 'index.html');
  app.get(HealthRegistry).register('web build', async () => {
    if (!existsSync(index)) throw new Error(`${index} is missing: build the console first`);
  });
  // Vite names every file under assets/ after its content: a new build means new names, so a year
  // of caching is safe. A missing asset is a 404 (see singlePageFallback), never index.html.
  app.useStaticAssets(join(config.CONSOLE_WEB_DIR, 'assets'), { prefix: '/assets/', index: false, immutable: true, maxAge: '365d' });
  // Other files (favicon, index.html itself) keep their names: checked at every visit.
  app.useStaticAssets(config.CONSOLE_WEB_DIR, { index: false, setHeaders: (response) => pageHeaders(response) });
  app.use(singlePageFallback(index));
  await app.listen(config.PORT);
  return app;
}

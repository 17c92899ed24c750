import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
  // services/console, from src/ (tests) as from dist/ (built).
  const webDir = resolve(join(__dirname, '..'), config.CONSOLE_WEB_DIR);
  const index = join(webDir, 'index.html');
  app.get(HealthRegistry).register('web build', async () => {
    if (!existsSync(index)) throw new Error(`${index} is missing: build the console first`);
  });
  // Vite names every file under assets/ after its content: a new build means new names, so a year
  // of caching is safe. A missing asset is a 404 (see singlePageFallback), never index.html.
  app.useStaticAssets(join(webDir, 'assets'), { prefix: '/assets/', index: false, immutable: true, maxAge: '365d' });
  // Other files (favicon, index.html itself) keep their names: checked at every visit.
  app.useStaticAssets(webDir, { index: false, setHeaders: (response) => pageHeaders(response) });
  app.use(singlePageFallback(index));
  await app.listen(config.PORT);
  return app;
}

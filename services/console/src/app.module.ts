import { DynamicModule, Module } from '@nestjs/common';
import { ObservabilityModule } from '@sesame/observability';
import { CONSOLE_CONFIG, ConsoleConfig } from './config/console.config';

@Module({})
export class AppModule {
  static forRoot(config: ConsoleConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [ObservabilityModule.forRoot({ service: 'console', logLevel: config.LOG_LEVEL })],
      providers: [{ provide: CONSOLE_CONFIG, useValue: config }],
      exports: [CONSOLE_CONFIG],
    };
  }
}

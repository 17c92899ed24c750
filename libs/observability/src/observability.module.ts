import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from './health';
import { loggingModule } from './logging';
import { MetricsModule } from './metrics';

export interface ObservabilityOptions {
  service: string;
  logLevel: string;
}

/** JSON logs, /health/live, /health/ready and /metrics for one service. */
@Module({})
export class ObservabilityModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [loggingModule(options.service, options.logLevel), HealthModule, MetricsModule],
      exports: [HealthModule],
    };
  }
}

import { Controller, Get, Global, Injectable, Module, OnApplicationShutdown, BeforeApplicationShutdown } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';

export type ReadinessCheck = () => Promise<unknown>;

/**
 * Modules register what the service needs to serve (its database, broker, Redis); readiness is the
 * conjunction. During shutdown readiness turns down first, so the load balancer stops sending work.
 */
@Injectable()
export class HealthRegistry implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly checks = new Map<string, ReadinessCheck>();
  private shuttingDown = false;

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  entries(): Array<[string, ReadinessCheck]> {
    return [...this.checks.entries()];
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  onApplicationShutdown(): void {
    this.shuttingDown = true;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: HealthRegistry,
  ) {}

  /** The process runs and its event loop answers. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** The service can do its work: every dependency answered. */
  @Get('ready')
  @HealthCheck()
  ready() {
    const checks = this.registry.entries().map(([name, check]) => async () => {
      const indicator = this.indicators.check(name);
      if (this.registry.isShuttingDown()) return indicator.down({ message: 'shutting down' });
      try {
        await withTimeout(check(), 2_000);
        return indicator.up();
      } catch (error) {
        return indicator.down({ message: error instanceof Error ? error.message : String(error) });
      }
    });
    return this.health.check(checks);
  }
}

@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [HealthRegistry],
  exports: [HealthRegistry],
})
export class HealthModule {}

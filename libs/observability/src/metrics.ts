import { CallHandler, Controller, ExecutionContext, Get, Header, Injectable, Module, NestInterceptor } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Histogram, collectDefaultMetrics, register } from 'prom-client';
import { Observable, tap } from 'rxjs';

let defaultsCollected = false;

const httpDuration = new Histogram({
  name: 'sesame_http_request_duration_seconds',
  help: 'HTTP requests by method, route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

/** Times every HTTP request under its route pattern (not its URL, to keep the label set bounded). */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const stop = httpDuration.startTimer({ method: request.method, route: request.route?.path ?? 'unmatched' });
    const done = (status: number) => stop({ status: String(status) });
    return next.handle().pipe(
      tap({
        next: () => done(http.getResponse<Response>().statusCode),
        error: (error: { status?: number; getStatus?: () => number }) =>
          done(error?.getStatus?.() ?? error?.status ?? 500),
      }),
    );
  }
}

@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', register.contentType)
  metrics(): Promise<string> {
    return register.metrics();
  }
}

@Module({
  controllers: [MetricsController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor }],
})
export class MetricsModule {
  constructor() {
    if (!defaultsCollected) {
      collectDefaultMetrics({ prefix: 'sesame_' });
      defaultsCollected = true;
    }
  }
}

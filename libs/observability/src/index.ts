export * from './health';
export * from './metrics';
export * from './logging';
export * from './observability.module';
export * from './bootstrap';

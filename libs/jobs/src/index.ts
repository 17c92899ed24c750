export * from './job-worker';

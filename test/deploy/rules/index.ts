export * from './objects';
export * from './workloads';
export * from './network';

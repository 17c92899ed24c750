export * from './objects';
export * from './workloads';
export * from './network';
export * from './capacity';
export * from './broker';

export * from './database';
export * from './migrate';
export * from './errors';
export * from './database.module';
export * from './startup-pass';

export * from './database';
export * from './migrate';
export * from './errors';
export * from './database.module';

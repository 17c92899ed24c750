export * from './amqp';
export * from './errors';
export * from './rpc';
export * from './events';
export * from './identity/accounts.schema';
export * from './identity/schools.schema';
export * from './identity/rpc';

export * from './broker';
export * from './rpc-server';
export * from './rpc-client';
export * from './broker.module';
export * from './consumer';
export * from './socket';

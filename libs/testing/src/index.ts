export * from './services';
export * from './isolation';
export * from './broker-control';
export * from './wait';
export * from './least-privilege';
export * from './tls';

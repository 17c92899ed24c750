export * from './tokens';
export * from './delegation';

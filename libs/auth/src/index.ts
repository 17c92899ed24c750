export * from './tokens';
export * from './seal';
export * from './delegation';

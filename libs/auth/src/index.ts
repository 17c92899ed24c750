export * from './tokens';
export * from './seal';

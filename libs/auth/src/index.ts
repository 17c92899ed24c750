export * from './tokens';
export * from './seal';
export * from './delegation';
export * from './field-cipher';

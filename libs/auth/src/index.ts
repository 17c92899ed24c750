export * from './tokens';
export * from './field-cipher';

export * from './username.rules';
export * from './password.rules';
export * from './email.rules';
export * from './names.rules';
export * from './messages';
export * from './common-passwords';
export * from './login-skeleton';
export * from './breached-passwords';

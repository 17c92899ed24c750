/*
 * The one door through which system tests (test/) reach the gateway. Not part of the build:
 * production code never imports it.
 */
export { startGateway } from './src/app';
export { GatewayConfigSchema, loadGatewayConfig } from './src/config/gateway.config';
export type { GatewayConfig } from './src/config/gateway.config';
export { AuthGuard } from './src/auth/auth.guard';
export { MULTIPART_OVERHEAD_BYTES } from './src/importer/importer-http';

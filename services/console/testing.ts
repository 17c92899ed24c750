/*
 * The one door through which system tests (test/) reach the console service. Not part of the
 * build: production code never imports it.
 */
export { startConsole } from './src/app';
export { ConsoleConfigSchema, loadConsoleConfig } from './src/config/console.config';

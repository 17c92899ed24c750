import 'reflect-metadata';
import { runWithConfig } from '@sesame/config';
import { startConsole } from './app';
import { loadConsoleConfig } from './config/console.config';

void runWithConfig(() => loadConsoleConfig(), startConsole);

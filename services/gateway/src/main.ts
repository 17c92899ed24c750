import 'reflect-metadata';
import { runWithConfig } from '@sesame/config';
import { startGateway } from './app';
import { loadGatewayConfig } from './config/gateway.config';

void runWithConfig(() => loadGatewayConfig(), startGateway);

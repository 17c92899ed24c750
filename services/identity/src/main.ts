import 'reflect-metadata';
import { runWithConfig } from '@sesame/config';
import { startIdentity } from './app';
import { loadIdentityConfig } from './config/identity.config';

void runWithConfig(() => loadIdentityConfig(), startIdentity);

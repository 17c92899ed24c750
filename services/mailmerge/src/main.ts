import 'reflect-metadata';
import { runWithConfig } from '@sesame/config';
import { startMailmerge } from './app';
import { loadMailmergeConfig } from './config/mailmerge.config';

void runWithConfig(() => loadMailmergeConfig(), startMailmerge);

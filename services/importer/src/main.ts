import 'reflect-metadata';
import { runWithConfig } from '@sesame/config';
import { startImporter } from './app';
import { loadImporterConfig } from './config/importer.config';

void runWithConfig(() => loadImporterConfig(), startImporter);

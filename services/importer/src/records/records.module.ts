import { Module } from '@nestjs/common';
import { ImportsRepository } from './imports.repository';

/** The imports and their rows as stored: every folder that reads or writes them goes through here. */
@Module({ providers: [ImportsRepository], exports: [ImportsRepository] })
export class RecordsModule {}

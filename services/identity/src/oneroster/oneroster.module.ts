import { Module } from '@nestjs/common';
import { MachineModule } from '../machine/machine.module';
import { OneRosterRepository } from './oneroster.repository';
import { OneRosterService } from './oneroster.service';

/** OneRoster 1.2 rostering, read: mounted on identity's HTTP port by app.ts (mountOneRoster). */
@Module({
  imports: [MachineModule],
  providers: [OneRosterRepository, OneRosterService],
  exports: [OneRosterService],
})
export class OneRosterModule {}

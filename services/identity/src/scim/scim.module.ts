import { Module } from '@nestjs/common';
import { MachineModule } from '../machine/machine.module';
import { UsersModule } from '../users/users.module';
import { ScimGroupsService } from './scim-groups.service';
import { ScimUsersService } from './scim-users.service';
import { ScimRepository } from './scim.repository';

/** The SCIM 2.0 service provider: mounted on identity's HTTP port by app.ts (scimRouter). */
@Module({
  imports: [MachineModule, UsersModule],
  providers: [ScimRepository, ScimUsersService, ScimGroupsService],
  exports: [ScimUsersService, ScimGroupsService],
})
export class ScimModule {}

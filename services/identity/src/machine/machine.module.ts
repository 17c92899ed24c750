import { Module } from '@nestjs/common';
import { OidcModule } from '../oidc/oidc.module';
import { OidcClientsModule } from '../oidc-clients/oidc-clients.module';
import { MachineCallers } from './machine-callers.service';

/** Who calls SCIM and OneRoster: the machine clients of the OpenID Connect provider. */
@Module({
  imports: [OidcModule, OidcClientsModule],
  providers: [MachineCallers],
  exports: [MachineCallers],
})
export class MachineModule {}

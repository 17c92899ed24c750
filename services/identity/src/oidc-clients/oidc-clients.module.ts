import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { OidcClientsController } from './oidc-clients.controller';
import { OidcClientsRepository } from './oidc-clients.repository';
import { OidcClientsService } from './oidc-clients.service';

/** The relying parties of the OpenID Connect provider (issue 17): the manager registers them; the provider reads them (OidcClientsRepository). */
@Module({
  imports: [AuthModule],
  controllers: [OidcClientsController],
  providers: [OidcClientsService, OidcClientsRepository],
  exports: [OidcClientsRepository],
})
export class OidcClientsModule {}

import { Module } from '@nestjs/common';
import { ActivationModule } from '../activation/activation.module';
import { AuthModule } from '../auth/auth.module';
import { OidcClientsModule } from '../oidc-clients/oidc-clients.module';
import { ThrottleModule } from '../throttle/throttle.module';
import { OidcInteractions } from './interactions';
import { OidcAccountsRepository } from './oidc-accounts.repository';
import { OidcPayloadsRepository } from './payloads.repository';
import { OidcProviderService } from './provider.service';
import { OidcRevocationService } from './revocation.service';

/** The OpenID Connect provider: mounted on identity's HTTP port by app.ts (mountOidc). */
@Module({
  imports: [AuthModule, ActivationModule, ThrottleModule, OidcClientsModule],
  providers: [OidcProviderService, OidcPayloadsRepository, OidcAccountsRepository, OidcInteractions, OidcRevocationService],
  exports: [OidcProviderService, OidcInteractions, OidcPayloadsRepository, OidcRevocationService],
})
export class OidcModule {}

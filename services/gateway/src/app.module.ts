import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ObservabilityModule } from '@sesame/observability';
import { AuthController } from './auth/auth.controller';
import { ReportsController } from './reports/reports.controller';
import { AuthGuard } from './auth/auth.guard';
import { CampaignsModule } from './campaigns/campaigns.module';
import { GATEWAY_CONFIG, GatewayConfig } from './config/gateway.config';
import { FeedsController } from './feeds/feeds.controller';
import { LifecycleController } from './lifecycle/lifecycle.controller';
import { RentreeController } from './rentree/rentree.controller';
import { IdentityModule } from './identity/identity.module';
import { ImporterModule } from './importer/importer.client';
import { ImportsController } from './imports/imports.controller';
import { MeController } from './me/me.controller';
import { OidcClientsController } from './oidc-clients/oidc-clients.controller';
import { ScimTargetsController } from './scim-targets/scim-targets.controller';
import { ProblemFilter } from './problems/problem.filter';
import { SchoolsController } from './schools/schools.controller';
import { UndoController } from './undo/undo.controller';
import { UsersController } from './users/users.controller';

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({ service: 'gateway', logLevel: config.LOG_LEVEL }),
        IdentityModule,
        CampaignsModule,
        ImporterModule,
      ],
      controllers: [AuthController, MeController, UsersController, SchoolsController, ReportsController, ImportsController, FeedsController, LifecycleController, RentreeController, UndoController, OidcClientsController, ScimTargetsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
      exports: [GATEWAY_CONFIG],
    };
  }
}

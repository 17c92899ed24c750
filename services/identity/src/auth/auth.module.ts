import { Module } from '@nestjs/common';
import { TokenSigner } from '@sesame/auth';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { ThrottleModule } from '../throttle/throttle.module';
import { ActorService } from './actor.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { Passwords } from './passwords';

@Module({
  imports: [ThrottleModule],
  controllers: [AuthController],
  providers: [
    Passwords,
    ActorService,
    AuthService,
    {
      provide: TokenSigner,
      inject: [IDENTITY_CONFIG],
      useFactory: (config: IdentityConfig) => new TokenSigner(config.JWT_PRIVATE_KEY, config.ACCESS_TOKEN_TTL),
    },
  ],
  exports: [Passwords, ActorService, TokenSigner, AuthService],
})
export class AuthModule {}

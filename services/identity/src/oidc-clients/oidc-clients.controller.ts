import { Controller, UseInterceptors } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IdentityOidcRpc } from '@sesame/contracts';
import { RpcAckInterceptor } from '@sesame/messaging';
import { ActorService } from '../auth/actor.service';
import { answerAs } from '../auth/rpc-actor';
import { OidcClientsService } from './oidc-clients.service';

@Controller()
@UseInterceptors(RpcAckInterceptor)
export class OidcClientsController {
  constructor(
    private readonly clients: OidcClientsService,
    private readonly actors: ActorService,
  ) {}

  @MessagePattern(IdentityOidcRpc.listClients.pattern)
  list(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityOidcRpc.listClients, raw, (actor) => this.clients.list(actor));
  }

  @MessagePattern(IdentityOidcRpc.getClient.pattern)
  get(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityOidcRpc.getClient, raw, (actor, input) => this.clients.get(actor, input.clientId));
  }

  @MessagePattern(IdentityOidcRpc.createClient.pattern)
  create(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityOidcRpc.createClient, raw, (actor, input, request) => this.clients.create(actor, input, request.requestId));
  }

  @MessagePattern(IdentityOidcRpc.updateClient.pattern)
  update(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityOidcRpc.updateClient, raw, (actor, input, request) => this.clients.update(actor, input, request.requestId));
  }

  @MessagePattern(IdentityOidcRpc.rotateClientSecret.pattern)
  rotateSecret(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityOidcRpc.rotateClientSecret, raw, (actor, input, request) => this.clients.rotateSecret(actor, input.clientId, request.requestId));
  }

  @MessagePattern(IdentityOidcRpc.deleteClient.pattern)
  delete(@Payload() raw: unknown) {
    return answerAs(this.actors, IdentityOidcRpc.deleteClient, raw, (actor, input, request) => this.clients.delete(actor, input.clientId, request.requestId));
  }
}

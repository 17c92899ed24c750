import { Body, Controller, Delete, Get, HttpCode, Param, Patch, PipeTransform, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateOidcClientSchema,
  IdentityOidcRpc,
  OidcClientIdSchema,
  OidcClientViewSchema,
  OidcClientWithSecretSchema,
  ServiceFailure,
  UpdateOidcClientSchema,
} from '@sesame/contracts';
import type { CallContext } from '@sesame/messaging';
import { z } from 'zod';
import { Caller, MayEver } from '../auth/principal';
import { ApiAnswer, ApiBodyFrom, ApiProblems } from '../http/api-docs';
import { ZodBody } from '../http/zod.pipe';
import { IdentityClient } from '../identity/identity.module';

/** An id no client can have is an unknown client. */
const clientId: PipeTransform<string, string> = {
  transform: (value) => {
    if (!OidcClientIdSchema.shape.clientId.safeParse(value).success) throw new ServiceFailure('not_found');
    return value;
  },
};
const CreateBody = CreateOidcClientSchema.strict();
const PatchBody = UpdateOidcClientSchema.omit({ clientId: true }).strict();
const ClientList = z.object({ items: z.array(OidcClientViewSchema) });

const RULES =
  'A `confidential` or `public` client needs a redirect address and the `openid` scope, and takes the user scopes only; a `machine` client ' +
  '(client credentials) takes the machine scopes only and nothing of signing users in (redirect and logout addresses, consent, relatives’ links, ' +
  'pairwise subjects). Addresses are `https://`, or `http://` on localhost or 127.0.0.1. Refusals: `validation_failed` with codes `oidc.*`.';

/** The tools that may sign the académie's users in (issue 17): the manager registers them. */
@ApiTags('oidc')
@ApiBearerAuth()
@Controller('api/v1/oidc/clients')
export class OidcClientsController {
  constructor(private readonly identity: IdentityClient) {}

  @Get()
  @MayEver('registerOidcClients')
  @ApiOperation({ summary: 'The registered clients (relying parties), by name; the console’s own is built in and not listed' })
  @ApiAnswer(200, 'The clients, without their secrets', ClientList)
  @ApiProblems('unauthenticated', 'forbidden')
  list(@Caller() caller: CallContext) {
    return this.identity.call(IdentityOidcRpc.listClients, {}, caller);
  }

  @Get(':clientId')
  @MayEver('registerOidcClients')
  @ApiOperation({ summary: 'One registered client' })
  @ApiAnswer(200, 'The client, without its secret', OidcClientViewSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found')
  get(@Param('clientId', clientId) id: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityOidcRpc.getClient, { clientId: id }, caller);
  }

  @Post()
  @MayEver('registerOidcClients')
  @ApiOperation({ summary: 'Register a client', description: `${RULES} The answer holds the secret (confidential and machine clients) this once: only its hash is kept.` })
  @ApiBodyFrom(CreateBody)
  @ApiAnswer(201, 'The client, and its secret (null for a public client)', OidcClientWithSecretSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden')
  create(@Body(ZodBody(CreateBody)) body: z.output<typeof CreateBody>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityOidcRpc.createClient, body, caller);
  }

  @Patch(':clientId')
  @MayEver('registerOidcClients')
  @ApiOperation({ summary: 'Change what is sent of a client’s registration (its kind stays)', description: `${RULES} The whole registration must still hold after the change.` })
  @ApiBodyFrom(PatchBody)
  @ApiAnswer(200, 'The client, changed', OidcClientViewSchema)
  @ApiProblems('validation_failed', 'unauthenticated', 'forbidden', 'not_found')
  update(@Param('clientId', clientId) id: string, @Body(ZodBody(PatchBody)) body: z.output<typeof PatchBody>, @Caller() caller: CallContext) {
    return this.identity.call(IdentityOidcRpc.updateClient, { ...body, clientId: id }, caller);
  }

  @Post(':clientId/secret')
  @MayEver('registerOidcClients')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new secret for a confidential or machine client: the previous one stops working at once', description: 'A public client has no secret (`409`, `oidc_client_public`).' })
  @ApiAnswer(200, 'The client and its new secret, shown this once', OidcClientWithSecretSchema)
  @ApiProblems('unauthenticated', 'forbidden', 'not_found', 'conflict')
  rotateSecret(@Param('clientId', clientId) id: string, @Caller() caller: CallContext) {
    return this.identity.call(IdentityOidcRpc.rotateClientSecret, { clientId: id }, caller);
  }

  @Delete(':clientId')
  @MayEver('registerOidcClients')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a client, with the grants and tokens issued to it' })
  @ApiAnswer(204, 'Removed')
  @ApiProblems('unauthenticated', 'forbidden', 'not_found')
  async delete(@Param('clientId', clientId) id: string, @Caller() caller: CallContext): Promise<void> {
    await this.identity.call(IdentityOidcRpc.deleteClient, { clientId: id }, caller);
  }
}

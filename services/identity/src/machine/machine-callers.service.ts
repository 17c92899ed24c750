import { Injectable } from '@nestjs/common';
import type { MachineOperation, Profile } from '@sesame/contracts';
import { OidcProviderService } from '../oidc/provider.service';
import { OidcClientsRepository } from '../oidc-clients/oidc-clients.repository';
import { SchoolsRepository } from '../schools/schools.repository';
import { MachineAuthFailure, MachineCaller } from './machine-caller';

/** How long a resolved caller is reused: a deleted client or a changed grant takes effect within it. */
const CALLER_CACHE_MS = 2_000;
const CALLER_CACHE_SIZE = 1_000;

/** `Authorization: Bearer <token>` (RFC 6750 §2.1); the token's characters are b64token's. */
const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

/**
 * Turns the bearer token of a SCIM or OneRoster call into its MachineCaller: an access token the
 * provider issued to a machine client (client credentials), still valid, for the scope the standard
 * needs, read with the client's registration as it is now.
 */
@Injectable()
export class MachineCallers {
  private readonly recent = new Map<string, { caller: MachineCaller; until: number }>();

  constructor(
    private readonly provider: OidcProviderService,
    private readonly clients: OidcClientsRepository,
    private readonly schools: SchoolsRepository,
  ) {}

  async authenticate(authorization: string | undefined, scope: 'scim' | 'oneroster'): Promise<MachineCaller> {
    const token = BEARER.exec(authorization ?? '')?.[1];
    if (!token) throw new MachineAuthFailure(401, 'invalid_token', 'An access token is required (Authorization: Bearer).');
    const caller = await this.cached(token);
    if (!caller.scopes.has(scope)) throw new MachineAuthFailure(403, 'insufficient_scope', `This access token lacks the "${scope}" scope.`);
    return caller;
  }

  private async cached(token: string): Promise<MachineCaller> {
    const hit = this.recent.get(token);
    if (hit && hit.until > Date.now()) return hit.caller;
    const caller = await this.lookup(token);
    if (this.recent.size >= CALLER_CACHE_SIZE) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(token, { caller, until: Date.now() + CALLER_CACHE_MS });
    return caller;
  }

  private async lookup(token: string): Promise<MachineCaller> {
    const issued = await this.provider.provider.ClientCredentials.find(token);
    if (!issued?.clientId || issued.isExpired) throw new MachineAuthFailure(401, 'invalid_token', 'The access token is unknown, expired or revoked.');
    const row = await this.clients.findByClientId(issued.clientId);
    if (!row || row.kind !== 'machine') throw new MachineAuthFailure(401, 'invalid_token', 'The client of this access token is no longer registered.');
    const registered = new Set(row.scopes);
    const scopes = new Set(String(issued.scope ?? '').split(' ').filter((scope) => registered.has(scope)));
    const schoolIds = row.allowed_school_ids.length ? row.allowed_school_ids : null;
    return {
      clientId: row.client_id,
      name: row.name,
      scopes,
      operations: new Set(row.operations as MachineOperation[]),
      profiles: row.allowed_profiles as Profile[],
      schoolIds,
      // The rulebook's administrator of the client's schools (of every school for the whole académie).
      actor: {
        id: row.client_id,
        username: row.name,
        role: 'administrator',
        schoolIds: schoolIds ?? (await this.schools.list()).map((school) => school.id),
      },
    };
  }
}

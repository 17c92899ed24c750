import { Injectable } from '@nestjs/common';
import { IdentityRpc } from '@sesame/contracts';
import { IdentityClient } from './identity.clients';

/** The person calling, as identity knows them (from their token). */
export interface Caller {
  id: string;
  username: string;
  role: 'manager' | 'administrator' | 'supervisor' | 'member';
  schoolIds: readonly string[];
}

/**
 * How long who a token belongs to is reused: a report polled every second costs one call to
 * identity per two seconds, and a deactivation still takes effect within seconds.
 */
const CALLER_CACHE_MS = 2_000;
const CALLER_CACHE_SIZE = 1_000;

/** Who is calling, asked of identity with the forwarded token (identity checks it and the account). */
@Injectable()
export class CallersService {
  private readonly recent = new Map<string, { caller: Caller; until: number }>();

  constructor(private readonly identity: IdentityClient) {}

  async resolve(token: string | undefined, requestId?: string): Promise<Caller> {
    const key = token ?? '';
    const cached = this.recent.get(key);
    if (cached && cached.until > Date.now()) return cached.caller;
    const me = await this.identity.call(IdentityRpc.getMe, {}, { token, requestId });
    const caller: Caller = { id: me.id, username: me.username, role: me.role, schoolIds: me.schools.map((s) => s.id) };
    if (this.recent.size >= CALLER_CACHE_SIZE) this.recent.delete(this.recent.keys().next().value!);
    this.recent.set(key, { caller, until: Date.now() + CALLER_CACHE_MS });
    return caller;
  }
}

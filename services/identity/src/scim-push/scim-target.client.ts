import { SCIM_MEDIA_TYPE, SCIM_SCHEMAS, ScimUser } from '@sesame/contracts';

/** A call to a target that failed: its HTTP status (null: not reached), its answer, whether to try again later. */
export class TargetError extends Error {
  constructor(
    readonly status: number | null,
    readonly answer: string,
    readonly retryAfter: string | null = null,
  ) {
    super(status === null ? `not reached: ${answer}` : `${status}: ${answer}`);
  }
}

/** A user as the target holds it: its id there and what Sesame compares. */
export type RemoteUser = ScimUser & { id: string };

const TIMEOUT_MS = 15_000;

/**
 * Sesame as a SCIM client of one target (RFC 7644): its Users, found by the externalId Sesame gives
 * them (Sesame's account id), created, replaced, deactivated and deleted. Only the target's base
 * address and token are used; the token goes in the Authorization header and nowhere else.
 */
export class ScimTargetClient {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  private async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept: `${SCIM_MEDIA_TYPE}, application/json`,
          ...(body === undefined ? {} : { 'content-type': SCIM_MEDIA_TYPE }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new TargetError(null, error instanceof Error ? `${error.name}: ${(error.cause as Error | undefined)?.message ?? error.message}` : String(error));
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw new TargetError(response.status, text.slice(0, 2000), response.headers.get('retry-after'));
    try {
      return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
    } catch {
      throw new TargetError(response.status, `not JSON: ${text.slice(0, 200)}`);
    }
  }

  /** The target's user whose externalId is Sesame's account id, if it has one. */
  async find(accountId: string): Promise<RemoteUser | undefined> {
    const { json } = await this.call('GET', `/Users?${new URLSearchParams({ filter: `externalId eq "${accountId}"` })}`);
    return (json?.Resources as RemoteUser[] | undefined)?.[0];
  }

  async get(remoteId: string): Promise<RemoteUser | undefined> {
    try {
      return (await this.call('GET', `/Users/${encodeURIComponent(remoteId)}`)).json as unknown as RemoteUser;
    } catch (error) {
      if (error instanceof TargetError && error.status === 404) return undefined;
      throw error;
    }
  }

  async create(user: ScimUser): Promise<RemoteUser> {
    return (await this.call('POST', '/Users', user)).json as unknown as RemoteUser;
  }

  async replace(remoteId: string, user: ScimUser): Promise<RemoteUser> {
    return (await this.call('PUT', `/Users/${encodeURIComponent(remoteId)}`, { ...user, id: remoteId })).json as unknown as RemoteUser;
  }

  /** `active: false` (RFC 7643 §4.1.1), the one change a target must accept to close a door. */
  async deactivate(remoteId: string): Promise<void> {
    await this.call('PATCH', `/Users/${encodeURIComponent(remoteId)}`, { schemas: [SCIM_SCHEMAS.patchOp], Operations: [{ op: 'replace', path: 'active', value: false }] });
  }

  /** Deletes the user there; one already gone is no error. */
  async delete(remoteId: string): Promise<void> {
    try {
      await this.call('DELETE', `/Users/${encodeURIComponent(remoteId)}`);
    } catch (error) {
      if (!(error instanceof TargetError && error.status === 404)) throw error;
    }
  }

  /** One page of the target's users (RFC 7644 §3.4.2.4), for a reconciliation. */
  async page(startIndex: number, count: number): Promise<{ users: RemoteUser[]; total: number }> {
    const { json } = await this.call('GET', `/Users?startIndex=${startIndex}&count=${count}`);
    return { users: (json?.Resources ?? []) as RemoteUser[], total: Number(json?.totalResults ?? 0) };
  }
}

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '@sesame/identity/testing';
import type { Insertable } from 'kysely';
import { freePort } from '@sesame/testing';

/*
 * What the OpenID Connect tests need besides openid-client (the relying party): a user agent that
 * follows the provider's redirects and fills its forms with its own cookies, a relying party's
 * back-channel logout endpoint, and clients registered straight in identity's database.
 */

export interface Page {
  url: string;
  status: number;
  text: string;
}

/** A browser without JavaScript: cookies by name, redirects followed until `stopAt` (the client's callback). */
export class UserAgent {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly stopAt: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async open(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Page> {
    let current = url;
    let method = init.method ?? (init.form ? 'POST' : 'GET');
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hops = 0; hops < 20; hops += 1) {
      if (current.startsWith(this.stopAt)) return { url: current, status: 0, text: '' };
      const response = await fetch(current, {
        method,
        redirect: 'manual',
        headers: {
          ...this.headers,
          ...(this.cookies.size ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body,
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair.indexOf('=');
        const name = pair.slice(0, at);
        const value = pair.slice(at + 1);
        if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        current = new URL(location, current).href;
        method = 'GET';
        body = undefined;
        continue;
      }
      return { url: current, status: response.status, text: await response.text() };
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Submits the page's form whose action ends with `action`, with these fields. */
  async submit(page: Page, action: string, fields: Record<string, string>): Promise<Page> {
    const match = new RegExp(`action="([^"]*${action.replace(/[/]/g, '\\/')})"`).exec(page.text);
    if (!match) throw new Error(`no form ${action} on ${page.url}: ${page.text.slice(0, 300)}`);
    return this.open(new URL(match[1].replace(/&amp;/g, '&'), page.url).href, { form: fields });
  }
}

/** A relying party's back-channel logout endpoint: keeps the logout tokens it is sent. */
export class BackchannelReceiver {
  readonly tokens: string[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    const port = await freePort();
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const token = new URLSearchParams(body).get('logout_token');
        if (token) this.tokens.push(token);
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${port}/backchannel-logout`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export interface RegisteredClient {
  clientId: string;
  clientSecret: string | null;
}

/** Registers a relying party the way the manager's registration stores it (the secret by its SHA-256). */
export async function registerClient(
  db: Kysely<Database>,
  fields: Partial<Insertable<Database['oidc_clients']>> & { kind: 'confidential' | 'public' | 'machine'; scopes: string[] },
): Promise<RegisteredClient> {
  const clientId = randomUUID();
  const clientSecret = fields.kind === 'public' ? null : randomBytes(32).toString('base64url');
  await db
    .insertInto('oidc_clients')
    .values({
      client_id: clientId,
      name: `Outil ${clientId}`,
      secret_hash: clientSecret ? createHash('sha256').update(clientSecret).digest('hex') : null,
      redirect_uris: [],
      post_logout_redirect_uris: [],
      backchannel_logout_uri: null,
      allowed_profiles: [],
      allowed_school_ids: [],
      consent_required: false,
      subject_type: 'public',
      relatives_links: false,
      operations: fields.kind === 'machine' ? ['read'] : [],
      ...fields,
    })
    .execute();
  return { clientId, clientSecret };
}

/** An access token for a machine client (client credentials, RFC 6749 §4.4) at the provider behind the gateway. */
export async function machineToken(baseUrl: string, client: RegisteredClient, scope: string): Promise<string> {
  const response = await fetch(`${baseUrl}/oidc/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret ?? '')}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || !body.access_token) throw new Error(`no token for ${client.clientId}: ${JSON.stringify(body)}`);
  return body.access_token;
}

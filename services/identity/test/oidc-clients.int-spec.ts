import { CreateOidcClientSchema, EXCHANGES, EventEnvelope, IdentityEvents, ServiceFailure, UpdateOidcClientSchema, namespaced } from '@sesame/contracts';
import { eventually } from '@sesame/testing';
import { ChannelModel, connect } from 'amqplib';
import { sql } from 'kysely';
import { hashClientSecret } from '../src/oidc-clients/oidc-clients.rules';
import { OidcClientsRepository } from '../src/oidc-clients/oidc-clients.repository';
import { OidcClientsService } from '../src/oidc-clients/oidc-clients.service';
import { FeedsHarness } from './support/feeds-harness';

/**
 * The manager's registrations of relying parties (issue 17) on a real database and broker: a
 * secret given once and kept as its hash, the rules beyond the contract, the manager alone, each
 * change audited and published in its transaction without the secret, and a deletion taking the
 * grants and tokens issued to the client with it.
 */
describe('OpenID Connect clients: the manager’s registrations (identity)', () => {
  const h = new FeedsHarness();
  const events: EventEnvelope[] = [];
  let broker: ChannelModel;
  let clients: OidcClientsService;
  let repository: OidcClientsRepository;

  beforeAll(async () => {
    await h.start();
    clients = h.identity.get(OidcClientsService);
    repository = h.identity.get(OidcClientsRepository);
    broker = await connect(h.isolation.serviceEnv.AMQP_URL!);
    const channel = await broker.createChannel();
    const exchange = namespaced(h.isolation.serviceEnv.AMQP_NAMESPACE!, EXCHANGES.events);
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, 'identity.oidc-client.#');
    await channel.consume(queue, (message) => message && events.push(JSON.parse(message.content.toString())), { noAck: true });
  });
  afterAll(async () => {
    await broker?.close();
    await h.close();
  });

  const create = (fields: Record<string, unknown>, actor = h.manager) => clients.create(actor, CreateOidcClientSchema.parse({ name: 'Pronote', ...fields }));
  const update = (fields: Record<string, unknown>, actor = h.manager) => clients.update(actor, UpdateOidcClientSchema.parse(fields));
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (e: ServiceFailure) => `${e.code}${e.details?.issues ? `:${e.details.issues.map((i) => `${i.field}=${i.code}`).join(',')}` : ''}${e.details?.params?.reason ? `:${e.details.params.reason}` : ''}`,
    );
  const stored = async (clientId: string) => (await sql<any>`SELECT * FROM oidc_clients WHERE client_id = ${clientId}`.execute(h.db)).rows[0];
  const auditOf = async (clientId: string) =>
    (await sql<any>`SELECT actor_id, action, target_id, before, after FROM audit_log WHERE action LIKE 'oidc-client.%' AND target_id = ${clientId}::uuid ORDER BY id`.execute(h.db)).rows;
  const eventsOf = (clientId: string) => events.filter((e) => (e.data as any).clientId === clientId);
  const webApp = { kind: 'confidential', redirectUris: ['https://pronote.example.fr/callback'], scopes: ['openid', 'profile'] };

  it('registers a client with a secret given once, of which only the hash is kept; audited and published without it', async () => {
    const { client, clientSecret } = await create({ ...webApp, consentRequired: true });
    expect(client.clientId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(client).toMatchObject({ kind: 'confidential', name: 'Pronote', hasSecret: true, builtIn: false, consentRequired: true, subjectType: 'public' });
    const row = await stored(client.clientId);
    expect(row.secret_hash).toBe(hashClientSecret(clientSecret!));
    expect(JSON.stringify(row)).not.toContain(clientSecret);
    // The provider reads it by its id; reading it again never gives the secret.
    expect((await repository.findByClientId(client.clientId))?.secret_hash).toBe(row.secret_hash);
    expect(JSON.stringify(await clients.get(h.manager, client.clientId))).not.toContain(row.secret_hash);

    const audit = await auditOf(client.clientId);
    expect(audit).toMatchObject([{ actor_id: h.manager.id, action: 'oidc-client.register', after: { clientId: client.clientId, hasSecret: true, redirectUris: webApp.redirectUris } }]);
    await eventually(async () => (eventsOf(client.clientId).length ? true : undefined), 10_000, 'the registered event');
    expect(eventsOf(client.clientId)).toMatchObject([{ type: IdentityEvents.oidcClientRegistered.type, data: { clientId: client.clientId, name: 'Pronote', kind: 'confidential', actorId: h.manager.id } }]);
    for (const said of [audit, eventsOf(client.clientId)]) {
      expect(JSON.stringify(said)).not.toContain(clientSecret);
      expect(JSON.stringify(said)).not.toContain(row.secret_hash);
    }
  });

  it('gives a public client no secret and a machine client one', async () => {
    const browser = await create({ ...webApp, kind: 'public', name: 'Appli mobile' });
    expect(browser.clientSecret).toBeNull();
    expect((await stored(browser.client.clientId)).secret_hash).toBeNull();
    const machine = await create({ kind: 'machine', name: 'SIECLE', scopes: ['scim'] });
    expect(machine.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await stored(machine.client.clientId)).secret_hash).toBe(hashClientSecret(machine.clientSecret!));
  });

  it('refuses what the rules refuse, with the field and its code, and writes nothing', async () => {
    const before = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM oidc_clients`.execute(h.db)).rows[0].n;
    expect(await refusal(create({ kind: 'machine', scopes: ['scim'], redirectUris: ['https://tool.example.fr/cb'] }))).toBe('validation_failed:redirectUris=oidc.not_for_machines');
    expect(await refusal(create({ ...webApp, scopes: ['profile', 'email'] }))).toBe('validation_failed:scopes=oidc.openid_scope_required');
    expect(await refusal(create({ ...webApp, redirectUris: ['http://pronote.example.fr/callback'] }))).toBe('validation_failed:redirectUris.0=oidc.https_required');
    expect(await refusal(create({ ...webApp, allowedSchoolIds: ['00000000-0000-4000-8000-0000000000c1'] }))).toBe('validation_failed:allowedSchoolIds=school.unknown');
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM oidc_clients`.execute(h.db)).rows[0].n).toBe(before);
  });

  it('lets the manager alone read and change the registrations', async () => {
    const { client } = await create(webApp);
    for (const actor of [h.adminA, h.supervisor]) {
      expect(await refusal(clients.list(actor))).toBe('forbidden');
      expect(await refusal(clients.get(actor, client.clientId))).toBe('forbidden');
      expect(await refusal(create(webApp, actor))).toBe('forbidden');
      expect(await refusal(update({ clientId: client.clientId, name: 'Piraté' }, actor))).toBe('forbidden');
      expect(await refusal(clients.rotateSecret(actor, client.clientId))).toBe('forbidden');
      expect(await refusal(clients.delete(actor, client.clientId))).toBe('forbidden');
    }
    expect(await stored(client.clientId)).toMatchObject({ name: 'Pronote' });
    expect(await refusal(clients.get(h.manager, 'no-such-client'))).toBe('not_found');
    expect(await refusal(update({ clientId: 'no-such-client', name: 'X' }))).toBe('not_found');
    expect(await refusal(clients.delete(h.manager, '6f1c2b9e-3a57-4d0b-9d0e-0c5e8d1f6a01'))).toBe('not_found');
  });

  it('lists the registrations by name, the built-in console not among them', async () => {
    const { items } = await clients.list(h.manager);
    const names = items.map((c) => c.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(items.map((c) => c.clientId)).not.toContain('sesame-console');
    expect(items.every((c) => !c.builtIn && !('secretHash' in c))).toBe(true);
  });

  it('updates what is sent, checks the whole registration again, and names the fields changed', async () => {
    const { client } = await create(webApp);
    const changed = await update({ clientId: client.clientId, name: 'Pronote 2', scopes: ['openid', 'profile', 'email'], redirectUris: webApp.redirectUris });
    expect(changed).toMatchObject({ name: 'Pronote 2', scopes: ['openid', 'profile', 'email'], kind: 'confidential', hasSecret: true });
    expect(Date.parse(changed.updatedAt)).toBeGreaterThan(Date.parse(client.updatedAt));
    // The result must hold: a user-facing client keeps a redirect address.
    expect(await refusal(update({ clientId: client.clientId, redirectUris: [] }))).toBe('validation_failed:redirectUris=oidc.redirect_uri_required');
    // Nothing changed: nothing audited nor published.
    await update({ clientId: client.clientId, name: 'Pronote 2' });

    const audit = await auditOf(client.clientId);
    expect(audit.map((a: any) => a.action)).toEqual(['oidc-client.register', 'oidc-client.update']);
    expect(audit[1]).toMatchObject({ before: { name: 'Pronote', scopes: ['openid', 'profile'] }, after: { name: 'Pronote 2', scopes: ['openid', 'profile', 'email'] } });
    await eventually(async () => (eventsOf(client.clientId).length >= 2 ? true : undefined), 10_000, 'the updated event');
    expect(eventsOf(client.clientId).filter((e) => e.type === IdentityEvents.oidcClientUpdated.type)).toMatchObject([{ data: { fields: ['name', 'scopes'], name: 'Pronote 2' } }]);
  });

  it('rotates a secret: the new one replaces the old hash; a public client has none to rotate', async () => {
    const { client, clientSecret } = await create(webApp);
    const oldHash = (await stored(client.clientId)).secret_hash;
    const rotated = await clients.rotateSecret(h.manager, client.clientId);
    expect(rotated.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(rotated.clientSecret).not.toBe(clientSecret);
    const newHash = (await stored(client.clientId)).secret_hash;
    expect(newHash).toBe(hashClientSecret(rotated.clientSecret!));
    expect(newHash).not.toBe(oldHash);

    const audit = await auditOf(client.clientId);
    expect(audit.map((a: any) => a.action)).toEqual(['oidc-client.register', 'oidc-client.rotate-secret']);
    await eventually(async () => (eventsOf(client.clientId).some((e) => e.type === IdentityEvents.oidcClientSecretRotated.type) ? true : undefined), 10_000, 'the rotated event');
    for (const secret of [clientSecret!, rotated.clientSecret!, oldHash, newHash]) {
      expect(JSON.stringify(audit)).not.toContain(secret);
      expect(JSON.stringify(eventsOf(client.clientId))).not.toContain(secret);
    }

    const browser = await create({ ...webApp, kind: 'public' });
    expect(await refusal(clients.rotateSecret(h.manager, browser.client.clientId))).toBe('conflict:oidc_client_public');
    expect((await stored(browser.client.clientId)).secret_hash).toBeNull();
  });

  it('deletes a client with the grants and tokens issued to it, and nothing issued to another', async () => {
    const gone = await create(webApp);
    const kept = await create({ ...webApp, name: 'ENT' });
    const issue = (model: string, id: string, clientId: string) =>
      sql`INSERT INTO oidc_payloads (model, id, payload) VALUES (${model}, ${id}, ${JSON.stringify({ clientId, accountId: h.manager.id })}::jsonb)`.execute(h.db);
    await issue('Grant', 'grant-1', gone.client.clientId);
    await issue('AccessToken', 'token-1', gone.client.clientId);
    await issue('RefreshToken', 'refresh-1', gone.client.clientId);
    await issue('Grant', 'grant-2', kept.client.clientId);

    expect(await clients.delete(h.manager, gone.client.clientId)).toEqual({ done: true });
    expect(await stored(gone.client.clientId)).toBeUndefined();
    expect(await repository.findByClientId(gone.client.clientId)).toBeUndefined();
    const { rows } = await sql<{ id: string }>`SELECT id FROM oidc_payloads ORDER BY id`.execute(h.db);
    expect(rows.map((r) => r.id)).toEqual(['grant-2']);
    expect(await stored(kept.client.clientId)).toBeDefined();
    expect(await refusal(clients.get(h.manager, gone.client.clientId))).toBe('not_found');

    const audit = await auditOf(gone.client.clientId);
    expect(audit.map((a: any) => a.action)).toEqual(['oidc-client.register', 'oidc-client.delete']);
    expect(audit[1]).toMatchObject({ before: { clientId: gone.client.clientId, name: 'Pronote' }, after: { issuedRemoved: 3 } });
    expect(JSON.stringify(audit)).not.toContain(gone.clientSecret);
    await eventually(async () => (eventsOf(gone.client.clientId).some((e) => e.type === IdentityEvents.oidcClientDeleted.type) ? true : undefined), 10_000, 'the deleted event');
    expect(eventsOf(gone.client.clientId).map((e) => e.type)).toEqual([IdentityEvents.oidcClientRegistered.type, IdentityEvents.oidcClientDeleted.type]);
  });
});

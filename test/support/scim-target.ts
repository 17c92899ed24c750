import { randomUUID } from 'node:crypto';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import { SCIM_SCHEMAS } from '@sesame/contracts';

type Stored = Record<string, any> & { id: string };

/** One target's users, and what it was asked: POSTs per externalId (nothing may be created twice). */
export class TargetStore {
  readonly users = new Map<string, Stored>();
  readonly posts = new Map<string, number>();
  /** The answer forced on the next writes (a target that refuses), or none. */
  refuse?: { status: number; detail: string };
  byExternalId(externalId: string): Stored | undefined {
    return [...this.users.values()].find((user) => user.externalId === externalId);
  }
}

type Context = { port: number };
/** SCIMMY's resource type, as these handlers use it (its own typings want its schema classes throughout). */
interface UserResource {
  extend(schema: unknown, required?: boolean): UserResource;
  ingress(handler: (resource: { id?: string }, instance: object, ctx: Context) => object): UserResource;
  egress(handler: (resource: { id?: string; filter?: { match: (values: object[]) => object[] } }, ctx: Context) => object): UserResource;
  degress(handler: (resource: { id: string }, ctx: Context) => void): UserResource;
}
const UserType = SCIMMY.Resources.User as unknown as UserResource;
const declareResource = SCIMMY.Resources.declare as unknown as (resource: UserResource) => UserResource;
/** A SCIM error of the target (RFC 7644 §3.12), with or without a scimType. */
const scimError = (status: number, detail: string, scimType?: string) => new SCIMMY.Types.Error(status, (scimType ?? null) as unknown as string, detail);

let declared = false;
const stores = new Map<number, TargetStore>();
const storeOf = (ctx: { port: number }) => stores.get(ctx.port)!;

/**
 * SCIMMY's resource types are declared once per process: every test target shares the handlers,
 * which find each target's own store by the port the request came to.
 */
function declare(): void {
  if (declared) return;
  declared = true;
  const sesame = new SCIMMY.Types.SchemaDefinition('SesameUser', SCIM_SCHEMAS.sesameUser, 'Sesame’s extension', [
    new SCIMMY.Types.Attribute('string', 'profile'),
    new SCIMMY.Types.Attribute('boolean', 'activated'),
    new SCIMMY.Types.Attribute('complex', 'schools', { multiValued: true }, [new SCIMMY.Types.Attribute('string', 'value'), new SCIMMY.Types.Attribute('string', 'uai'), new SCIMMY.Types.Attribute('string', 'display')]),
    new SCIMMY.Types.Attribute('complex', 'classes', { multiValued: true }, [new SCIMMY.Types.Attribute('string', 'value'), new SCIMMY.Types.Attribute('string', 'schoolId'), new SCIMMY.Types.Attribute('string', 'display')]),
  ]);
  declareResource(UserType.extend(SCIMMY.Schemas.EnterpriseUser, false).extend(sesame, false))
    .ingress((resource, instance, ctx) => {
      const store = storeOf(ctx);
      if (store.refuse) throw scimError(store.refuse.status, store.refuse.detail, 'invalidValue');
      const plain = JSON.parse(JSON.stringify(instance));
      if (resource.id) {
        if (!store.users.has(resource.id)) throw scimError(404, `Resource ${resource.id} not found`);
        const user = { ...plain, id: resource.id };
        store.users.set(resource.id, user);
        return user;
      }
      store.posts.set(plain.externalId, (store.posts.get(plain.externalId) ?? 0) + 1);
      const user = { ...plain, id: randomUUID() };
      store.users.set(user.id, user);
      return user;
    })
    .egress((resource, ctx) => {
      const store = storeOf(ctx);
      if (resource.id) {
        const user = store.users.get(resource.id);
        if (!user) throw scimError(404, `Resource ${resource.id} not found`);
        return user;
      }
      const all = [...store.users.values()];
      return resource.filter ? resource.filter.match(all) : all;
    })
    .degress((resource, ctx) => {
      const store = storeOf(ctx);
      if (!store.users.delete(resource.id)) throw scimError(404, `Resource ${resource.id} not found`);
    });
}

/**
 * A real SCIM 2.0 service provider for the tests (SCIMMY, scimmy-routers on Express), in memory,
 * that can be stopped and started again on the same port: a downstream tool Sesame pushes to.
 */
export class ScimTarget {
  readonly store = new TargetStore();
  readonly token = `target-${randomUUID()}`;
  private server?: Server;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/scim/v2`;
  }

  async start(): Promise<this> {
    declare();
    const app = express();
    app.use(
      '/scim/v2',
      new SCIMMYRouters({
        type: 'bearer',
        docUri: 'https://example.org/docs',
        handler: (request: express.Request) => {
          if (request.header('authorization') !== `Bearer ${this.token}`) throw new Error('Authorization failed');
          return 'sesame';
        },
        context: (request: express.Request) => ({ port: (request.socket.address() as AddressInfo).port }),
      }),
    );
    this.server = createServer(app);
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    stores.set(this.port, this.store);
    return this;
  }

  /** Down: connections refused until started again (on the same port). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

import { INestApplication, Logger } from '@nestjs/common';
import { SCIM_MEDIA_TYPE, SCIM_PATH, SCIM_SCHEMAS } from '@sesame/contracts';
import express, { NextFunction, Request, Response, Router } from 'express';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { MachineAuthFailure, MachineCaller } from '../machine/machine-caller';
import { MachineCallers } from '../machine/machine-callers.service';
import { ScimError, invalidValue, notFound } from './scim-error';
import { resourceTypes, schemas, serviceProviderConfig } from './scim-discovery';
import { ScimGroupsService } from './scim-groups.service';
import { pathList, projected } from './scim-projection';
import { ListQuery, ScimUsersService } from './scim-users.service';

type Json = Record<string, unknown>;
type Handler = (req: Request, res: Response) => Promise<void>;

const logger = new Logger('Scim');

/** A query parameter as a whole number, or a 400 saying which. */
function integer(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number)) throw invalidValue(`"${name}" is a whole number.`);
  return number;
}

function listQuery(source: Json): ListQuery {
  const text = (name: string) => (source[name] === undefined ? undefined : String(source[name]));
  return {
    filter: text('filter'),
    sortBy: text('sortBy'),
    sortOrder: text('sortOrder'),
    startIndex: integer(source.startIndex, 'startIndex'),
    count: integer(source.count, 'count'),
  };
}

const listResponse = (page: { total: number; startIndex: number; resources: Json[] }) => ({
  schemas: [SCIM_SCHEMAS.listResponse],
  totalResults: page.total,
  startIndex: page.startIndex,
  itemsPerPage: page.resources.length,
  Resources: page.resources,
});

/**
 * The SCIM 2.0 service provider (RFC 7644) at SCIM_PATH of identity's HTTP port, served by the
 * gateway at the same path of the public address. Its callers are machine clients of the OpenID
 * Connect provider (client credentials, scope `scim`); what each may do is its registration's.
 */
export function scimRouter(app: INestApplication): Router {
  const router = Router();
  const config = app.get<IdentityConfig>(IDENTITY_CONFIG);
  const baseUrl = `${config.PUBLIC_URL}${SCIM_PATH}`;
  const callers = () => app.get(MachineCallers);
  const users = () => app.get(ScimUsersService);
  const groups = () => app.get(ScimGroupsService);

  // RFC 7644 §3.1: application/scim+json, and application/json which clients also send.
  router.use(express.json({ type: [SCIM_MEDIA_TYPE, 'application/json'], limit: '1mb' }));

  const send = (res: Response, status: number, body: Json | undefined, headers: Record<string, string> = {}) => {
    res.status(status).set({ 'Content-Type': `${SCIM_MEDIA_TYPE}; charset=utf-8`, 'Cache-Control': 'no-store', ...headers });
    if (body === undefined) res.end();
    else res.send(JSON.stringify(body));
  };
  const resource = (req: Request, res: Response, status: number, body: Json, kind: 'User' | 'Group', headers: Record<string, string> = {}) => {
    const version = (body.meta as { version: string }).version;
    // RFC 7644 §3.14: a GET whose If-None-Match names the current version is answered 304.
    if (req.method === 'GET' && req.get('If-None-Match')?.split(',').map((tag) => tag.trim()).includes(version)) {
      res.status(304).set({ ETag: version, 'Cache-Control': 'no-store' }).end();
      return;
    }
    send(res, status, projected(body, kind, pathList(req.query.attributes), pathList(req.query.excludedAttributes)), { ETag: version, ...headers });
  };
  const authenticated = (work: (caller: MachineCaller, req: Request, res: Response) => Promise<void>): Handler => async (req, res) => {
    const caller = await callers().authenticate(req.get('Authorization'), 'scim');
    await work(caller, req, res);
  };
  const route = (handler: Handler) => (req: Request, res: Response, next: NextFunction) => handler(req, res).catch(next);
  const requestId = (req: Request) => req.get('X-Request-Id') ?? undefined;

  // Discovery (RFC 7644 §4): the same for every client, answered without a token.
  router.get('/ServiceProviderConfig', route(async (_req, res) => send(res, 200, serviceProviderConfig(baseUrl, config.SCIM_MAX_RESULTS, `${config.PUBLIC_URL}/api/docs`))));
  router.get('/ResourceTypes', route(async (_req, res) => send(res, 200, listResponse({ total: 2, startIndex: 1, resources: resourceTypes(baseUrl) }))));
  router.get('/ResourceTypes/:id', route(async (req, res) => {
    const found = resourceTypes(baseUrl).find((type) => type.id === req.params.id);
    if (!found) throw notFound(String(req.params.id));
    send(res, 200, found);
  }));
  router.get('/Schemas', route(async (_req, res) => send(res, 200, listResponse({ total: schemas(baseUrl).length, startIndex: 1, resources: schemas(baseUrl) }))));
  router.get('/Schemas/:id', route(async (req, res) => {
    const found = schemas(baseUrl).find((schema) => schema.id === req.params.id);
    if (!found) throw notFound(String(req.params.id));
    send(res, 200, found);
  }));

  const listUsers = (query: ListQuery, attributes: Json) =>
    authenticated(async (caller, _req, res) => {
      const page = await users().list(caller, baseUrl, query);
      const shown = page.resources.map((user) => projected(user as unknown as Json, 'User', pathList(attributes.attributes), pathList(attributes.excludedAttributes)));
      send(res, 200, listResponse({ ...page, resources: shown }));
    });
  router.get('/Users', route((req, res) => listUsers(listQuery(req.query as Json), req.query as Json)(req, res)));
  // RFC 7644 §3.4.3: the same query in a SearchRequest body (the filter stays out of logs and URLs).
  router.post('/Users/.search', route((req, res) => listUsers(searchRequest(req.body), req.body as Json)(req, res)));
  router.post('/.search', route(async (req, res) => {
    // Only Users are searched from the root: Groups hold no personal data a filter would need.
    await listUsers(searchRequest(req.body), req.body as Json)(req, res);
  }));
  router.get('/Users/:id', route(authenticated(async (caller, req, res) => resource(req, res, 200, (await users().get(caller, baseUrl, String(req.params.id))) as unknown as Json, 'User'))));
  router.post('/Users', route(authenticated(async (caller, req, res) => {
    const created = (await users().create(caller, baseUrl, req.body, requestId(req))) as unknown as Json;
    resource(req, res, 201, created, 'User', { Location: (created.meta as { location: string }).location });
  })));
  router.put('/Users/:id', route(authenticated(async (caller, req, res) => {
    resource(req, res, 200, (await users().replace(caller, baseUrl, String(req.params.id), req.body, req.get('If-Match'), requestId(req))) as unknown as Json, 'User');
  })));
  router.patch('/Users/:id', route(authenticated(async (caller, req, res) => {
    resource(req, res, 200, (await users().patch(caller, baseUrl, String(req.params.id), req.body, req.get('If-Match'), requestId(req))) as unknown as Json, 'User');
  })));
  router.delete('/Users/:id', route(authenticated(async (caller, req, res) => {
    await users().delete(caller, baseUrl, String(req.params.id), req.get('If-Match'), requestId(req));
    send(res, 204, undefined);
  })));

  router.get('/Groups', route(authenticated(async (caller, req, res) => {
    const excluded = pathList(req.query.excludedAttributes);
    const page = await groups().list(caller, baseUrl, listQuery(req.query as Json), excluded);
    const shown = page.resources.map((group) => projected(group as Json, 'Group', pathList(req.query.attributes), excluded));
    send(res, 200, listResponse({ ...page, resources: shown }));
  })));
  router.get('/Groups/:id', route(authenticated(async (caller, req, res) => {
    resource(req, res, 200, (await groups().get(caller, baseUrl, String(req.params.id), pathList(req.query.excludedAttributes))) as Json, 'Group');
  })));
  router.all(['/Groups', '/Groups/:id'], route(authenticated(async () => {
    throw new ScimError(403, 'Groups are the académie’s schools and classes, read-only here: a User joins or leaves one through its own "schools" and "classes".');
  })));
  router.all('/Bulk', route(async () => {
    throw new ScimError(501, 'Bulk operations are not supported (ServiceProviderConfig bulk.supported is false).');
  }));
  router.all('/Me', route(async () => {
    throw new ScimError(501, 'A machine client is not a User: /Me has no meaning for it.');
  }));
  router.use(route(async (req) => {
    throw new ScimError(404, `${req.method} ${SCIM_PATH}${req.path} is not an endpoint of this service provider.`);
  }));

  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof MachineAuthFailure) {
      send(res, error.status, new ScimError(error.status, error.description).body, { 'WWW-Authenticate': error.challenge('sesame-scim') });
    } else if (error instanceof ScimError) {
      send(res, error.status, error.body);
    } else if (error instanceof SyntaxError || (error as { type?: string }).type === 'entity.parse.failed') {
      send(res, 400, new ScimError(400, 'The request body is not valid JSON.', 'invalidSyntax').body);
    } else if ((error as { type?: string }).type === 'entity.too.large') {
      send(res, 413, new ScimError(413, 'The request body is larger than 1 MB.').body);
    } else {
      logger.error({ err: error }, 'SCIM request failed');
      send(res, 500, new ScimError(500, 'Something unexpected went wrong; try again later.').body);
    }
  });
  return router;
}

/** A SearchRequest body (RFC 7644 §3.4.3), checked: its attributes as a list, its numbers as numbers. */
function searchRequest(body: unknown): ListQuery {
  if (!body || typeof body !== 'object' || !Array.isArray((body as Json).schemas) || !((body as Json).schemas as string[]).includes(SCIM_SCHEMAS.searchRequest)) {
    throw new ScimError(400, `A search is a SearchRequest message: its "schemas" must hold "${SCIM_SCHEMAS.searchRequest}".`, 'invalidSyntax');
  }
  const request = body as Json;
  for (const name of ['attributes', 'excludedAttributes']) {
    if (Array.isArray(request[name])) request[name] = (request[name] as unknown[]).join(',');
  }
  return listQuery(request);
}

/** Mounts the service provider at SCIM_PATH of identity's HTTP port, ahead of Nest's routes; built on the first request. */
export function mountScim(app: INestApplication): void {
  let router: Router | undefined;
  (app as unknown as { use: (path: string, handler: (req: Request, res: Response, next: NextFunction) => void) => void }).use(SCIM_PATH, (req, res, next) => {
    router ??= scimRouter(app);
    router(req, res, next);
  });
}

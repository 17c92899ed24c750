import { INestApplication, Logger } from '@nestjs/common';
import { ONEROSTER_PATH } from '@sesame/contracts';
import { NextFunction, Request, Response, Router } from 'express';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { MachineAuthFailure, MachineCaller } from '../machine/machine-caller';
import { MachineCallers } from '../machine/machine-callers.service';
import { OneRosterError } from './oneroster-query';
import { CollectionName, Scope } from './oneroster.repository';
import { CollectionAnswer, OneRosterService } from './oneroster.service';

const logger = new Logger('OneRoster');

/** The wrapper of each collection and of each record (REST binding: `{ "users": [...] }`, `{ "user": {...} }`). */
const PLURAL: Record<CollectionName, string> = { orgs: 'orgs', academicSessions: 'academicSessions', courses: 'courses', classes: 'classes', users: 'users', enrollments: 'enrollments' };
const SINGULAR: Record<CollectionName, string> = { orgs: 'org', academicSessions: 'academicSession', courses: 'course', classes: 'class', users: 'user', enrollments: 'enrollment' };

/**
 * OneRoster 1.2 rostering, read (REST binding), at ONEROSTER_PATH of identity's HTTP port, served by
 * the gateway at the same path of the public address; callers are machine clients (scope `oneroster`).
 */
export function oneRosterRouter(app: INestApplication): Router {
  const router = Router();
  const config = app.get<IdentityConfig>(IDENTITY_CONFIG);
  const service = () => app.get(OneRosterService);
  const base = `${config.PUBLIC_URL}${ONEROSTER_PATH}`;

  const send = (res: Response, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.status(status).set({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers }).send(JSON.stringify(body));

  /** The collection's page with X-Total-Count and the Link header's first, prev, next and last. */
  const page = (req: Request, res: Response, name: CollectionName, answer: CollectionAnswer) => {
    const { limit, offset } = answer.query;
    const at = (to: number) => {
      const params = new URLSearchParams(req.query as Record<string, string>);
      params.set('limit', String(limit));
      params.set('offset', String(to));
      return `<${base}${req.path}?${params}>`;
    };
    const last = Math.max(0, Math.floor((answer.total - 1) / limit) * limit);
    const links = [`${at(0)}; rel="first"`, `${at(last)}; rel="last"`];
    if (offset + limit < answer.total) links.push(`${at(offset + limit)}; rel="next"`);
    if (offset > 0) links.push(`${at(Math.max(0, offset - limit))}; rel="prev"`);
    send(res, 200, { [PLURAL[name]]: answer.records }, { 'X-Total-Count': String(answer.total), Link: links.join(', ') });
  };

  const handle = (work: (caller: MachineCaller, req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
    app
      .get(MachineCallers)
      .authenticate(req.get('Authorization'), 'oneroster')
      .then((caller) => work(caller, req, res))
      .catch(next);
  };
  const collection = (path: string, name: CollectionName, scopeOf: (req: Request) => Scope, parent?: (req: Request) => [CollectionName, string]) =>
    router.get(
      path,
      handle(async (caller, req, res) => {
        // A parent that is not there (or not the caller's) is a 404, not an empty list.
        if (parent) await service().one(caller, ...parent(req));
        page(req, res, name, await service().collection(caller, name, scopeOf(req), req.query as Record<string, unknown>));
      }),
    );
  const record = (path: string, name: CollectionName, scopeOf: (req: Request) => Scope = () => ({})) =>
    router.get(
      path,
      handle(async (caller, req, res) => {
        const found = await service().one(caller, name, String(req.params.id), scopeOf(req));
        const fields = typeof req.query.fields === 'string' ? req.query.fields.split(',').map((field) => field.trim()) : undefined;
        send(res, 200, { [SINGULAR[name]]: fields ? Object.fromEntries(Object.entries(found).filter(([key]) => fields.includes(key))) : found });
      }),
    );
  const param = (name: string) => (req: Request) => String(req.params[name]);

  collection('/academicSessions', 'academicSessions', () => ({}));
  record('/academicSessions/:id', 'academicSessions');
  // Sesame's sessions are school years: there are no terms nor grading periods.
  collection('/terms', 'academicSessions', () => ({ sessionType: 'term' }));
  collection('/gradingPeriods', 'academicSessions', () => ({ sessionType: 'gradingPeriod' }));
  collection('/orgs', 'orgs', () => ({}));
  record('/orgs/:id', 'orgs');
  collection('/schools', 'orgs', () => ({ orgType: 'school' }));
  record('/schools/:id', 'orgs', () => ({ orgType: 'school' }));
  collection('/courses', 'courses', () => ({}));
  record('/courses/:id', 'courses');
  collection('/courses/:id/classes', 'classes', (req) => ({ sourcedId: param('id')(req) }), (req) => ['courses', param('id')(req)]);
  collection('/classes', 'classes', () => ({}));
  record('/classes/:id', 'classes');
  collection('/users', 'users', () => ({}));
  record('/users/:id', 'users');
  collection('/students', 'users', () => ({ role: 'student' }));
  record('/students/:id', 'users', () => ({ role: 'student' }));
  collection('/teachers', 'users', () => ({ role: 'teacher' }));
  record('/teachers/:id', 'users', () => ({ role: 'teacher' }));
  collection('/enrollments', 'enrollments', () => ({}));
  record('/enrollments/:id', 'enrollments');
  for (const role of ['users', 'students', 'teachers'] as const) {
    collection(`/${role}/:id/classes`, 'classes', (req) => ({ userId: param('id')(req) }), (req) => ['users', param('id')(req)]);
  }
  collection('/schools/:id/classes', 'classes', (req) => ({ schoolId: param('id')(req) }), (req) => ['orgs', param('id')(req)]);
  collection('/schools/:id/courses', 'courses', (req) => ({ schoolId: param('id')(req) }), (req) => ['orgs', param('id')(req)]);
  collection('/schools/:id/enrollments', 'enrollments', (req) => ({ schoolId: param('id')(req) }), (req) => ['orgs', param('id')(req)]);
  collection('/schools/:id/students', 'users', (req) => ({ schoolId: param('id')(req), role: 'student' }), (req) => ['orgs', param('id')(req)]);
  collection('/schools/:id/teachers', 'users', (req) => ({ schoolId: param('id')(req), role: 'teacher' }), (req) => ['orgs', param('id')(req)]);
  collection('/schools/:id/terms', 'academicSessions', () => ({ sessionType: 'term' }), (req) => ['orgs', param('id')(req)]);
  collection('/schools/:school/classes/:id/enrollments', 'enrollments', (req) => ({ schoolId: param('school')(req), classId: param('id')(req) }), (req) => ['classes', param('id')(req)]);
  collection('/schools/:school/classes/:id/students', 'users', (req) => ({ schoolId: param('school')(req), classId: param('id')(req), role: 'student' }), (req) => ['classes', param('id')(req)]);
  collection('/schools/:school/classes/:id/teachers', 'users', (req) => ({ schoolId: param('school')(req), classId: param('id')(req), role: 'teacher' }), (req) => ['classes', param('id')(req)]);
  collection('/classes/:id/students', 'users', (req) => ({ classId: param('id')(req), role: 'student' }), (req) => ['classes', param('id')(req)]);
  collection('/classes/:id/teachers', 'users', (req) => ({ classId: param('id')(req), role: 'teacher' }), (req) => ['classes', param('id')(req)]);

  router.use((req: Request, _res: Response, next: NextFunction) => {
    next(new OneRosterError(404, 'unknownobject', `GET ${ONEROSTER_PATH}${req.path} is not an endpoint of OneRoster 1.2 rostering here (read only).`));
  });
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof MachineAuthFailure) {
      const minor = error.status === 401 ? 'unauthorisedrequest' : 'forbidden';
      send(res, error.status, new OneRosterError(error.status, minor, error.description).body, { 'WWW-Authenticate': error.challenge('sesame-oneroster') });
    } else if (error instanceof OneRosterError) {
      send(res, error.status, error.body);
    } else {
      logger.error({ err: error }, 'OneRoster request failed');
      send(res, 500, new OneRosterError(500, 'internal_server_error', 'Something unexpected went wrong; try again later.').body);
    }
  });
  return router;
}

/** Mounts OneRoster at ONEROSTER_PATH of identity's HTTP port, ahead of Nest's routes; built on the first request. */
export function mountOneRoster(app: INestApplication): void {
  let router: Router | undefined;
  (app as unknown as { use: (path: string, handler: (req: Request, res: Response, next: NextFunction) => void) => void }).use(ONEROSTER_PATH, (req, res, next) => {
    router ??= oneRosterRouter(app);
    router(req, res, next);
  });
}

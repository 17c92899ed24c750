import { Inject, Injectable } from '@nestjs/common';
import { ONEROSTER_PATH, Profile } from '@sesame/contracts';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { MachineCaller, may } from '../machine/machine-caller';
import { DISTRICT_ID, ROLE_OF, parseEnrollmentId, schoolYearOf } from './oneroster.rules';
import { OneRosterError, Query, parseQuery, selectFields } from './oneroster-query';
import { CollectionName, FILTERABLE, OneRosterRepository, RosterRow, Scope, UserLinks } from './oneroster.repository';

type Row = Record<string, unknown>;
type GuidType = 'org' | 'academicSession' | 'course' | 'class' | 'user' | 'enrollment';

/** The fields of each record type: what `fields=` may select. */
const RECORD_FIELDS: Record<CollectionName, readonly string[]> = {
  orgs: ['sourcedId', 'status', 'dateLastModified', 'name', 'type', 'identifier', 'parent', 'children'],
  academicSessions: ['sourcedId', 'status', 'dateLastModified', 'title', 'startDate', 'endDate', 'type', 'schoolYear'],
  courses: ['sourcedId', 'status', 'dateLastModified', 'title', 'courseCode', 'schoolYear', 'org'],
  classes: ['sourcedId', 'status', 'dateLastModified', 'title', 'classCode', 'classType', 'course', 'school', 'terms'],
  users: ['sourcedId', 'status', 'dateLastModified', 'username', 'userIds', 'enabledUser', 'givenName', 'familyName', 'roles', 'primaryOrg', 'identifier', 'email', 'agents'],
  enrollments: ['sourcedId', 'status', 'dateLastModified', 'user', 'class', 'school', 'role', 'primary'],
};

/** How long a collection's total, and where a read page by page stands, are kept for its next page. */
const CONTINUATION_MS = 60_000;

export interface CollectionAnswer {
  records: Row[];
  total: number;
  query: Query;
}

/**
 * OneRoster 1.2 rostering, read: the académie (district), its schools, school years, classes (each
 * taught as one course), users and enrollments that a machine client reaches, as the REST binding
 * says, built from identity's data (mapping in docs/oneroster.md).
 */
@Injectable()
export class OneRosterService {
  private readonly base: string;
  /** A read page after page (offset = the end of the page before): its last id and total, to continue without an offset. */
  private readonly continuations = new Map<string, { lastId: string; total: number; until: number }>();

  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly repository: OneRosterRepository,
  ) {
    this.base = `${config.PUBLIC_URL}${ONEROSTER_PATH}`;
  }

  private ref(type: GuidType, id: string) {
    const path = { org: 'orgs', academicSession: 'academicSessions', course: 'courses', class: 'classes', user: 'users', enrollment: 'enrollments' }[type];
    return { href: `${this.base}/${path}/${id}`, sourcedId: id, type };
  }

  private readable(caller: MachineCaller): void {
    if (!may(caller, 'read')) throw new OneRosterError(403, 'forbidden', 'This client was not granted the "read" operation by the académie’s manager.');
  }

  /** A collection (getAll…, get…ForSchool/Class/User), filtered, sorted, paged and with the fields asked for. */
  async collection(caller: MachineCaller, name: CollectionName, scope: Scope, params: Record<string, unknown>): Promise<CollectionAnswer> {
    this.readable(caller);
    const query = parseQuery(params, FILTERABLE[name], this.config.ONEROSTER_MAX_LIMIT);
    if (query.fields) selectFields({}, query.fields, RECORD_FIELDS[name]);
    // The users of a large académie are read page after page: the next page continues from the last
    // id instead of counting its way past the offset, and the total is counted once per read.
    const key = name === 'users' && !query.sort ? JSON.stringify([caller.clientId, scope, query.filter ?? null, query.limit]) : null;
    const continued = key ? this.continuations.get(`${key}@${query.offset}`) : undefined;
    const usable = continued && continued.until > Date.now() ? continued : undefined;
    const [{ rows }, total] = await Promise.all([
      this.repository.page(caller, name, scope, query, usable?.lastId),
      usable ? Promise.resolve(usable.total) : this.repository.count(caller, name, scope, query.filter),
    ]);
    if (key) {
      this.continuations.delete(`${key}@${query.offset}`);
      if (rows.length === query.limit) {
        if (this.continuations.size > 1_000) this.continuations.delete(this.continuations.keys().next().value!);
        this.continuations.set(`${key}@${query.offset + rows.length}`, { lastId: rows.at(-1)!.id, total, until: Date.now() + CONTINUATION_MS });
      }
    }
    const records = await this.records(name, rows);
    return { records: records.map((record) => selectFields(record, query.fields, RECORD_FIELDS[name])), total, query };
  }

  /** One record (get…): 404 `unknownobject` when the caller does not reach it. */
  async one(caller: MachineCaller, name: CollectionName, id: string, scope: Scope = {}): Promise<Row> {
    const byId = (): [Scope, Record<string, unknown>] => {
      if (name === 'users' || name === 'classes' || name === 'courses') return [{ ...scope, sourcedId: id }, {}];
      if (name === 'enrollments') {
        const parts = parseEnrollmentId(id);
        if (!parts) throw new OneRosterError(404, 'unknownobject', `No enrollment has the sourcedId "${id}" here.`);
        return [{ ...scope, userId: parts.accountId, classId: parts.classId }, {}];
      }
      return [scope, { filter: `sourcedId='${id.replace(/'/g, "''")}'` }];
    };
    const [narrowed, params] = byId();
    const answer = await this.collection(caller, name, narrowed, params);
    if (answer.records.length !== 1) throw new OneRosterError(404, 'unknownobject', `No ${name.replace(/s$/, '')} has the sourcedId "${id}" here.`);
    return answer.records[0];
  }

  private async records(name: CollectionName, rows: RosterRow[]): Promise<Row[]> {
    const iso = (value: Date | string) => new Date(value).toISOString();
    const currentYear = `school-year-${schoolYearOf(new Date())}`;
    switch (name) {
      case 'orgs':
        return rows.map((row) =>
          row.type === 'district'
            ? { sourcedId: row.sourcedId, status: row.status, dateLastModified: iso(row.dateLastModified), name: this.config.ACADEMIE_NAME, type: 'district' }
            : { sourcedId: row.sourcedId, status: row.status, dateLastModified: iso(row.dateLastModified), name: row.name, type: 'school', identifier: row.identifier, parent: this.ref('org', DISTRICT_ID) },
        );
      case 'academicSessions':
        return rows.map((row) => ({
          sourcedId: row.sourcedId,
          status: row.status,
          dateLastModified: iso(row.dateLastModified),
          title: row.title,
          startDate: row.startDate,
          endDate: row.endDate,
          type: row.type,
          schoolYear: row.schoolYear,
        }));
      case 'courses':
        return rows.map((row) => ({
          sourcedId: row.sourcedId,
          status: row.status,
          dateLastModified: iso(row.dateLastModified),
          title: row.title,
          courseCode: row.courseCode,
          schoolYear: this.ref('academicSession', currentYear),
          org: this.ref('org', row.school_id),
        }));
      case 'classes':
        return rows.map((row) => ({
          sourcedId: row.sourcedId,
          status: row.status,
          dateLastModified: iso(row.dateLastModified),
          title: row.title,
          classCode: row.classCode,
          classType: 'homeroom',
          course: this.ref('course', row.sourcedId),
          school: this.ref('org', row.school_id),
          terms: [this.ref('academicSession', currentYear)],
        }));
      case 'enrollments':
        return rows.map((row) => ({
          sourcedId: row.sourcedId,
          status: row.status,
          dateLastModified: iso(row.dateLastModified),
          user: this.ref('user', row.account_id),
          class: this.ref('class', row.class_id),
          school: this.ref('org', row.school_id),
          role: row.role,
          primary: row.profile === 'teacher' ? true : undefined,
        })).map((record) => (record.primary === undefined ? (({ primary: _primary, ...rest }) => rest)(record) : record));
      case 'users': {
        const links = await this.repository.userLinks(rows.map((row) => row.id));
        return rows.map((row) => this.user(row, links));
      }
    }
  }

  private user(row: RosterRow, links: UserLinks): Row {
    const role = ROLE_OF[row.profile as Profile];
    const schools = links.schools.get(row.id) ?? [];
    return {
      sourcedId: row.sourcedId,
      status: row.status,
      dateLastModified: new Date(row.dateLastModified).toISOString(),
      username: row.username,
      ...(row.identifier ? { userIds: [{ type: row.source ?? 'externalId', identifier: row.identifier }] } : {}),
      enabledUser: row.enabledUser === 'true',
      givenName: row.givenName,
      familyName: row.familyName,
      roles: schools.length
        ? schools.map((school, i) => ({ roleType: i === 0 ? 'primary' : 'secondary', role, org: this.ref('org', school) }))
        : [{ roleType: 'primary', role, org: this.ref('org', DISTRICT_ID) }],
      ...(schools[0] ? { primaryOrg: this.ref('org', schools[0]) } : {}),
      ...(row.identifier ? { identifier: row.identifier } : {}),
      ...(row.email ? { email: row.email } : {}),
      agents: (links.agents.get(row.id) ?? []).map((agent) => this.ref('user', agent.id)),
    };
  }

  /** The role a nested path asks for: `students` or `teachers`. */
  static roleOfPath(path: string): 'student' | 'teacher' | undefined {
    return path === 'students' ? 'student' : path === 'teachers' ? 'teacher' : undefined;
  }
}


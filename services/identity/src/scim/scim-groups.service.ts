import { Inject, Injectable } from '@nestjs/common';
import { SCIM_SCHEMAS } from '@sesame/contracts';
import { IDENTITY_CONFIG, IdentityConfig } from '../config/identity.config';
import { MachineCaller, may } from '../machine/machine-caller';
import { ScimError, notFound } from './scim-error';
import { parseFilter } from './scim-filter';
import { attributeKey } from './scim-paths';
import { groupFilterSql } from './scim-query';
import { GroupRow, ScimRepository } from './scim.repository';
import { scimVersion } from './scim-user.mapping';
import type { ListQuery } from './scim-users.service';
import { sql } from 'kysely';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A school or a class as a SCIM Group (RFC 7643 §4.2), with the members the caller reaches. */
export function toScimGroup(row: GroupRow, baseUrl: string) {
  const body = {
    schemas: [SCIM_SCHEMAS.group, SCIM_SCHEMAS.sesameGroup],
    id: row.id,
    displayName: row.display_name,
    members: row.members.map((member) => ({ value: member.id, display: member.display, $ref: `${baseUrl}/Users/${member.id}`, type: 'User' })),
    [SCIM_SCHEMAS.sesameGroup]: { kind: row.kind, uai: row.uai, ...(row.school_id ? { schoolId: row.school_id } : {}) },
  };
  const created = new Date(row.created_at).toISOString();
  return { ...body, meta: { resourceType: 'Group', created, lastModified: created, location: `${baseUrl}/Groups/${row.id}`, version: scimVersion(body) } };
}

/** The Groups (RFC 7644 §3.4): the schools and classes a machine client reaches, read-only. */
@Injectable()
export class ScimGroupsService {
  constructor(
    @Inject(IDENTITY_CONFIG) private readonly config: IdentityConfig,
    private readonly repository: ScimRepository,
  ) {}

  async list(caller: MachineCaller, baseUrl: string, query: ListQuery, excluded: string[]) {
    this.readable(caller);
    if (query.sortBy && !['displayname', 'id'].includes(attributeKey(query.sortBy, 'Group'))) {
      throw new ScimError(400, `"${query.sortBy}" cannot be sorted on: Groups are sorted by kind (schools first), then displayName.`, 'invalidValue');
    }
    const where = query.filter ? groupFilterSql(parseFilter(query.filter)) : null;
    const startIndex = Math.max(1, Math.trunc(query.startIndex ?? 1));
    const count = Math.min(this.config.SCIM_MAX_RESULTS, Math.max(0, Math.trunc(query.count ?? this.config.SCIM_MAX_RESULTS)));
    const page = await this.repository.groups(caller, where, startIndex - 1, count, !this.membersExcluded(excluded));
    return { total: page.total, startIndex, resources: page.rows.map((row) => toScimGroup(row, baseUrl)) };
  }

  async get(caller: MachineCaller, baseUrl: string, id: string, excluded: string[]) {
    this.readable(caller);
    if (!UUID.test(id)) throw notFound(id);
    const page = await this.repository.groups(caller, sql<boolean>`g.id = ${id}::uuid`, 0, 1, !this.membersExcluded(excluded));
    if (!page.rows[0]) throw notFound(id);
    return toScimGroup(page.rows[0], baseUrl);
  }

  private membersExcluded(excluded: string[]): boolean {
    return excluded.some((path) => attributeKey(path, 'Group') === 'members');
  }

  private readable(caller: MachineCaller): void {
    if (!may(caller, 'read')) throw new ScimError(403, 'This client was not granted the "read" operation by the académie’s manager.');
  }
}

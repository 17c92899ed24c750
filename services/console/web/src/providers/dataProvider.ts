import type { DataProvider, GetListParams, RaRecord } from 'react-admin';
import { accountCreation, accountPatch, userQuery } from '../accounts/selection';
import { campaignsApi } from '../distribution/campaigns-api';
import { feedsApi } from '../feeds/feeds-api';
import { importsApi } from '../imports/imports-api';
import type { AccountAction } from '../common/roles';
import { ApiError, api, queryString, session } from './http';
import { forgetMe } from './me';

interface UserView extends RaRecord {
  schools: Array<{ id: string }>;
  classes: Array<{ id: string }>;
}

interface School extends RaRecord {
  uai: string;
  name: string;
  city: string | null;
}

/** An account as the forms use it: the ids of its schools and classes beside the objects. */
const asRecord = (user: UserView) => ({ ...user, schoolIds: user.schools.map((s) => s.id), classIds: user.classes.map((c) => c.id) });

/** The API returns every school of the caller at once (hundreds at most): the list is paged here. */
function pageOf<T extends RaRecord>(rows: T[], params: GetListParams, searchable: (row: T) => string) {
  const q = String(params.filter?.q ?? '').trim().toLocaleLowerCase('fr');
  const filtered = q ? rows.filter((row) => searchable(row).toLocaleLowerCase('fr').includes(q)) : rows;
  const field = params.sort?.field ?? 'name';
  const direction = params.sort?.order === 'DESC' ? -1 : 1;
  const sorted = [...filtered].sort((a, b) => direction * String(a[field] ?? '').localeCompare(String(b[field] ?? ''), 'fr', { sensitivity: 'base' }));
  const { page = 1, perPage = 25 } = params.pagination ?? {};
  return { data: sorted.slice((page - 1) * perPage, page * perPage) as never[], total: sorted.length };
}

const ACTION_CALLS: Record<Exclude<AccountAction, 'edit'>, { method: string; path: string }> = {
  setPassword: { method: 'PUT', path: 'password' },
  deactivate: { method: 'POST', path: 'deactivate' },
  reactivate: { method: 'POST', path: 'reactivate' },
  preDelete: { method: 'POST', path: 'pre-delete' },
  restore: { method: 'POST', path: 'restore' },
  newActivationCode: { method: 'POST', path: 'activation-code' },
};

/** Deleting and bulk changes are not offered: accounts are deactivated or pre-deleted instead. */
const unsupported = () => Promise.reject(new Error('sesame.errors.unsupported'));

/**
 * react-admin over the gateway's API. Resources: `users` (SPEC §4 selection), `schools`, `classes`
 * (filtered by school), `me` (own profile, id "me"), `activationReports` (id = a school or "all"),
 * `campaigns`, `campaignRecipients` (filtered by campaign), `imports` and `feeds`.
 */
export const dataProvider: DataProvider & {
  accountAction(id: string, action: Exclude<AccountAction, 'edit'>, body?: unknown): Promise<RaRecord | undefined>;
  changeOwnPassword(currentPassword: string, newPassword: string): Promise<void>;
} = {
  async getList(resource, params) {
    switch (resource) {
      case 'users': {
        const { page = 1, perPage = 50 } = params.pagination ?? {};
        const query = userQuery(params.filter ?? {}, params.sort?.field, page, perPage);
        const answer = await api<{ total: number; items: RaRecord[] }>('GET', `/users${queryString(query)}`);
        return { data: answer.items as never[], total: answer.total };
      }
      case 'schools': {
        const schools = await api<School[]>('GET', '/schools');
        return pageOf(schools, params, (school) => `${school.uai} ${school.name} ${school.city ?? ''}`);
      }
      case 'classes': {
        const schoolIds: string[] = [params.filter?.schoolId, ...(params.filter?.schoolIds ?? [])].filter(Boolean);
        const lists = await Promise.all([...new Set(schoolIds)].map((id) => api<RaRecord[]>('GET', `/schools/${id}/classes`)));
        // Several schools: alphabetical over all of them, as one school's list already is.
        const classes = lists.flat().sort((a, b) => String(a.name).localeCompare(String(b.name), 'fr', { numeric: true }));
        return { data: classes as never[], total: classes.length };
      }
      case 'campaigns': {
        const { page = 1, perPage = 25 } = params.pagination ?? {};
        const answer = await campaignsApi.list(page, perPage);
        return { data: answer.items as never[], total: answer.total };
      }
      case 'imports': {
        const { page = 1, perPage = 25 } = params.pagination ?? {};
        const answer = await importsApi.list(page, perPage);
        return { data: answer.items as never[], total: answer.total };
      }
      case 'feeds': {
        const { page = 1, perPage = 25 } = params.pagination ?? {};
        const answer = await feedsApi.list(page, perPage);
        return { data: answer.items as never[], total: answer.total };
      }
      case 'campaignRecipients': {
        // One campaign's recipients; the account id is unique within it.
        const { page = 1, perPage = 50 } = params.pagination ?? {};
        const answer = await campaignsApi.recipients(String(params.filter?.campaignId), params.filter?.status || undefined, page, perPage);
        return { data: answer.items.map((item) => ({ ...item, id: item.accountId })) as never[], total: answer.total };
      }
      default:
        return unsupported();
    }
  },

  async getOne(resource, params) {
    switch (resource) {
      case 'users':
        return { data: asRecord(await api<UserView>('GET', `/users/${params.id}`)) as never };
      case 'me':
        return { data: { ...(await api<RaRecord>('GET', '/me')), id: 'me' } as never };
      case 'schools': {
        const school = (await api<School[]>('GET', '/schools')).find((s) => s.id === params.id);
        if (!school) throw new ApiError(404, {});
        return { data: school as never };
      }
      case 'campaigns':
        return { data: (await campaignsApi.get(String(params.id))) as never };
      case 'imports':
        return { data: (await importsApi.get(String(params.id))) as never };
      case 'feeds':
        return { data: (await feedsApi.get(String(params.id))) as never };
      case 'activationReports': {
        const report = await api<object>('GET', `/reports/activation${queryString({ schoolId: params.id === 'all' ? undefined : String(params.id) })}`);
        return { data: { ...report, id: params.id } as never };
      }
      default:
        return unsupported();
    }
  },

  async getMany(resource, params) {
    if (resource === 'schools') {
      const schools = await api<School[]>('GET', '/schools');
      return { data: schools.filter((s) => params.ids.includes(s.id)) as never[] };
    }
    if (resource === 'users') {
      const users = await Promise.all(params.ids.map((id) => api<UserView>('GET', `/users/${id}`)));
      return { data: users.map(asRecord) as never[] };
    }
    return unsupported();
  },

  async getManyReference() {
    return unsupported();
  },

  async create(resource, params) {
    switch (resource) {
      case 'users':
        return { data: asRecord(await api<UserView>('POST', '/users', accountCreation(params.data))) as never };
      case 'schools':
        return { data: (await api<School>('POST', '/schools', accountCreation(params.data))) as never };
      case 'classes': {
        const { schoolId, name } = params.data as { schoolId: string; name: string };
        return { data: (await api<RaRecord>('POST', `/schools/${schoolId}/classes`, { name })) as never };
      }
      default:
        return unsupported();
    }
  },

  async update(resource, params) {
    switch (resource) {
      case 'users': {
        const patch = accountPatch(params.data, params.previousData ?? {});
        return { data: asRecord(await api<UserView>('PATCH', `/users/${params.id}`, patch)) as never };
      }
      case 'me': {
        const patch: Record<string, unknown> = {};
        for (const field of ['displayName', 'email', 'locale'] as const) {
          const next = params.data[field] === '' || params.data[field] === undefined ? null : params.data[field];
          const previous = params.previousData?.[field] ?? null;
          if (next !== previous && !(field === 'locale' && next === null)) patch[field] = next;
        }
        forgetMe();
        return { data: { ...(await api<RaRecord>('PATCH', '/me', patch)), id: 'me' } as never };
      }
      default:
        return unsupported();
    }
  },

  updateMany: unsupported,
  delete: unsupported,
  deleteMany: unsupported,

  async accountAction(id, action, body) {
    const call = ACTION_CALLS[action];
    const answer = await api<UserView | undefined>(call.method, `/users/${id}/${call.path}`, body ?? (call.method === 'POST' ? {} : undefined));
    return answer ? asRecord(answer) : undefined;
  },

  async changeOwnPassword(currentPassword, newPassword) {
    const answer = await api<{ accessToken: string }>('PUT', '/me/password', { currentPassword, newPassword });
    // The change ends every other session; this one continues with the new token.
    session.save(answer.accessToken);
  },
};

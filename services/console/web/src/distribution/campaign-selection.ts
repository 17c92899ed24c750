import { type UserSort, userQuery } from '../accounts/selection';

/**
 * A campaign distributes exactly what the accounts list shows: the list's own filter and sort,
 * turned into the JSON selection of POST /campaigns (the same names as GET /users' `filter`).
 */
export interface CampaignSelection {
  filter: Record<string, string | boolean | string[]>;
  sort: UserSort;
}

/** Query parameters of GET /users that are comma lists, and the JSON field each one becomes. */
const LISTS: Readonly<Record<string, string>> = { id: 'ids', profile: 'profiles', role: 'roles', classId: 'classIds' };
const FLAGS = new Set(['adminsOnly', 'neverDistributed', 'arrivedSinceRentree']);
const PAGING = new Set(['sort', 'page', 'pageSize']);

/** The list's filter values (react-admin's) and sort column → the campaign's selection. */
export function campaignSelection(filterValues: Record<string, unknown>, sortField: string | undefined): CampaignSelection {
  // Through userQuery: the same cleaning as the list's own request (empty values, "all", unknown filters).
  const query = userQuery(filterValues, sortField, 1, 1);
  const filter: CampaignSelection['filter'] = {};
  for (const [name, value] of Object.entries(query)) {
    if (PAGING.has(name)) continue;
    if (name in LISTS) filter[LISTS[name]] = String(value).split(',');
    else if (FLAGS.has(name)) filter[name] = value === 'true';
    else filter[name] = String(value);
  }
  return { filter, sort: query.sort as UserSort };
}

import { userQuery } from '../accounts/selection';
import { campaignSelection } from './campaign-selection';

describe('campaignSelection: the accounts list as the selection of POST /campaigns', () => {
  const listFilter = {
    schoolId: 's1',
    profile: ['student', 'relative'],
    classId: ['c2', 'c1'],
    activation: 'not_activated',
    email: 'all',
    adminsOnly: false,
    neverDistributed: true,
    createdFrom: '2026-09-01',
    preDeleted: 'include',
    q: '  Dupont ',
    unknown: 'x',
  };

  it('gives every filter its JSON name, lists as arrays, flags as booleans, without the empty ones', () => {
    expect(campaignSelection(listFilter, 'classes')).toEqual({
      filter: {
        schoolId: 's1',
        profiles: ['student', 'relative'],
        classIds: ['c2', 'c1'],
        activation: 'not_activated',
        neverDistributed: true,
        createdFrom: '2026-09-01',
        preDeleted: 'include',
        q: 'Dupont',
      },
      sort: 'class',
    });
  });

  it('selects exactly what the list asks GET /users for (same filters, same order)', () => {
    const { filter, sort } = campaignSelection(listFilter, 'profile');
    const queryName: Record<string, string> = { profiles: 'profile', classIds: 'classId' };
    const back = Object.fromEntries(Object.entries(filter).map(([name, value]) => [queryName[name] ?? name, Array.isArray(value) ? value.join(',') : String(value)]));
    const { page: _page, pageSize: _pageSize, ...listed } = userQuery(listFilter, 'profile', 4, 50);
    expect({ ...back, sort }).toEqual(listed);
  });

  it('an empty list filter selects everybody in scope, sorted by name', () => {
    expect(campaignSelection({}, undefined)).toEqual({ filter: {}, sort: 'name' });
  });
});

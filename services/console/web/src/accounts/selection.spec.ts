import { MAX_CHOSEN, accountCreation, accountPatch, activeFilters, chosenFilter, userQuery } from './selection';

describe('userQuery: the accounts list as GET /users parameters (SPEC §10)', () => {
  it('sends every filter under its API name, lists as comma lists, flags only when set', () => {
    const query = userQuery(
      {
        schoolId: 's1',
        profile: ['student', 'relative'],
        classId: ['c2', 'c1'],
        activation: 'not_activated',
        email: 'with',
        adminsOnly: true,
        neverDistributed: false,
        createdFrom: '2026-09-01',
        createdTo: '2026-09-30',
        preDeleted: 'only',
        deactivated: 'include',
        q: '  Dupont ',
      },
      'lastName',
      3,
      50,
    );
    expect(query).toEqual({
      schoolId: 's1',
      profile: 'student,relative',
      classId: 'c2,c1',
      activation: 'not_activated',
      email: 'with',
      adminsOnly: 'true',
      createdFrom: '2026-09-01',
      createdTo: '2026-09-30',
      preDeleted: 'only',
      deactivated: 'include',
      q: 'Dupont',
      sort: 'name',
      page: 3,
      pageSize: 50,
    });
  });

  it('asks for chosen accounts by their ids (one account’s letter or email)', () => {
    expect(userQuery({ id: ['0b6c…1', '0b6c…2'], preDeleted: 'include' }, undefined, 1, 1)).toEqual({ id: '0b6c…1,0b6c…2', preDeleted: 'include', sort: 'name', page: 1, pageSize: 1 });
  });

  it('leaves out empty values, "all" and filters the API does not know', () => {
    expect(userQuery({ profile: [], activation: 'all', q: ' ', schoolId: null, unknown: 'x' }, undefined, 1, 25)).toEqual({ sort: 'name', page: 1, pageSize: 25 });
  });

  it.each([
    ['lastName', 'name'],
    ['firstName', 'name'],
    ['username', 'name'],
    ['profile', 'profile'],
    ['classes', 'class'],
    ['email', 'name'],
  ])('sorting by the column %s uses the API order %s', (column, sort) => {
    expect(userQuery({}, column, 1, 50).sort).toBe(sort);
  });

  it('keeps the page size within what the API accepts', () => {
    expect(userQuery({}, 'lastName', 0, 10_000)).toEqual(expect.objectContaining({ page: 1, pageSize: 500 }));
  });
});

describe('accountPatch: only what changed', () => {
  const previous = { username: 'jdupont', firstName: 'Jean', lastName: 'Dupont', email: 'j@x.org', schoolIds: ['a', 'b'], classIds: [], role: 'member' };

  it('sends the changed fields only, ignoring the order of lists and read-only fields', () => {
    expect(accountPatch({ ...previous, firstName: 'Jeanne', schoolIds: ['b', 'a'], role: 'administrator', createdAt: 'x' }, previous)).toEqual({ firstName: 'Jeanne' });
  });

  it('empties a nullable field with null, never a required one', () => {
    expect(accountPatch({ ...previous, email: '', username: '' }, previous)).toEqual({ email: null });
  });
});

describe('accountCreation: empty fields are left to the API', () => {
  it('drops empty texts and lists, keeps the rest as typed', () => {
    expect(accountCreation({ role: 'member', username: '', firstName: 'Léa', classIds: [], schoolIds: ['s1'], email: '  ' })).toEqual({
      role: 'member',
      firstName: 'Léa',
      schoolIds: ['s1'],
    });
  });
});

describe('chosenFilter: the rows a person ticked, within the list’s filters', () => {
  const ids = ['9b2f0c4e-1d3a-4b5c-8d6e-7f8091a2b3c4', '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5'];

  it('keeps the filters and adds the chosen ids, which GET /users takes as ?id=…', () => {
    const filter = chosenFilter({ schoolId: 's1', activation: 'not_activated' }, ids);
    expect(filter).toEqual({ schoolId: 's1', activation: 'not_activated', id: ids });
    expect(userQuery(filter, 'lastName', 1, 1)).toEqual({ schoolId: 's1', activation: 'not_activated', id: ids.join(','), sort: 'name', page: 1, pageSize: 1 });
  });

  it('is bounded as the API is', () => {
    expect(MAX_CHOSEN).toBe(500);
  });
});

describe('activeFilters: what narrows the list', () => {
  it('leaves out fields that were cleared', () => {
    expect(activeFilters({ q: '', profile: [], adminsOnly: false, schoolId: 's1', classId: ['c1'], neverDistributed: true, email: undefined })).toEqual(['schoolId', 'classId', 'neverDistributed']);
    expect(activeFilters({})).toEqual([]);
  });
});

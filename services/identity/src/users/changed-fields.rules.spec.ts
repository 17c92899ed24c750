import { changedFields } from './changed-fields.rules';

describe('changedFields', () => {
  const before = {
    first_name: 'Léa', last_name: 'Martin', email: null, profile: 'student', external_id: 'J1',
    schools: [{ id: 's1', inherited: false }, { id: 's2', inherited: true }], classes: [{ id: 'c1', inherited: false }],
  };

  it('ignores what a patch sends back unchanged', () => {
    expect(changedFields(before, { firstName: 'Léa', lastName: 'Martin', email: null, profile: 'student', schoolIds: ['s1'], classIds: ['c1'], externalId: 'J1' })).toEqual([]);
  });

  it('names what it would change', () => {
    expect(changedFields(before, { lastName: 'Durand', email: 'lea@example.org', schoolIds: ['s1', 's2'], displayName: 'Léa M.' })).toEqual(['lastName', 'email', 'schoolIds']);
  });
});

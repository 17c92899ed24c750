import { accessRefusal, claimsOf, OidcAccount } from './claims.rules';

const school = { id: '00000000-0000-4000-8000-000000000001', uai: '0750001A', name: 'Collège Voltaire', inherited: false };
const parent: OidcAccount = {
  id: '00000000-0000-4000-8000-0000000000aa',
  username: 'marie.durand',
  role: 'member',
  profile: 'relative',
  firstName: 'Marie',
  lastName: 'Durand',
  displayName: 'Marie Durand',
  email: null,
  locale: 'fr',
  updatedAt: new Date('2026-09-01T08:00:00Z'),
  schools: [{ ...school, inherited: true }],
  classes: [{ schoolId: school.id, name: '6A', inherited: true }],
  links: [{ sub: 'child-sub', relation: 'child', displayName: 'Léo Durand' }],
};
const open = { allowedProfiles: [], allowedSchoolIds: [], relativesLinks: false };

describe('who may use a client', () => {
  it('lets anyone in when the client restricts nothing', () => {
    expect(accessRefusal(open, parent)).toBeNull();
    expect(accessRefusal(open, { profile: null, schools: [] })).toBeNull();
  });

  it('refuses a profile the client is not open to, and an account without a profile', () => {
    const parentsPortal = { ...open, allowedProfiles: ['relative'] };
    expect(accessRefusal(parentsPortal, parent)).toBeNull();
    expect(accessRefusal(parentsPortal, { profile: 'teacher', schools: [school] })).toBe('profile');
    expect(accessRefusal(parentsPortal, { profile: null, schools: [] })).toBe('profile');
  });

  it('counts a relative’s inherited schools, and refuses accounts of other schools', () => {
    expect(accessRefusal({ ...open, allowedSchoolIds: [school.id] }, parent)).toBeNull();
    expect(accessRefusal({ ...open, allowedSchoolIds: ['00000000-0000-4000-8000-000000000002'] }, parent)).toBe('school');
  });
});

describe('claims', () => {
  it('gives names, login, schools by UAI and classes with their school', () => {
    const claims = claimsOf(parent, open);
    expect(claims).toMatchObject({
      sub: parent.id,
      name: 'Marie Durand',
      given_name: 'Marie',
      family_name: 'Durand',
      preferred_username: 'marie.durand',
      sesame_profile: 'relative',
      sesame_schools: [{ uai: '0750001A', name: 'Collège Voltaire', inherited: true }],
      sesame_classes: [{ uai: '0750001A', name: '6A', inherited: true }],
      updated_at: 1788249600,
    });
  });

  it('gives an email only when there is one, never as verified', () => {
    expect(claimsOf(parent, open)).not.toHaveProperty('email');
    expect(claimsOf({ ...parent, email: 'marie@example.org' }, open)).toMatchObject({ email: 'marie@example.org', email_verified: false });
  });

  it('gives the relatives’ links only to a client registered for them', () => {
    expect(claimsOf(parent, open)).not.toHaveProperty('sesame_links');
    expect(claimsOf(parent, { ...open, relativesLinks: true }).sesame_links).toEqual(parent.links);
  });
});

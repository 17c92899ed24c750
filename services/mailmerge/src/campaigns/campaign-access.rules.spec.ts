import { campaignSchools, canLaunch, canReadCampaign } from './campaign-access.rules';

const A = '0b6f5a1e-55c4-4c2f-9d0e-6a1f4e0c0a01';
const B = '0b6f5a1e-55c4-4c2f-9d0e-6a1f4e0c0b02';
const manager = { id: 'm', role: 'manager' as const, schoolIds: [] };
const adminA = { id: 'a', role: 'administrator' as const, schoolIds: [A] };
const adminAB = { id: 'ab', role: 'administrator' as const, schoolIds: [A, B] };
const supervisorA = { id: 's', role: 'supervisor' as const, schoolIds: [A] };
const member = { id: 'x', role: 'member' as const, schoolIds: [A] };

describe('campaign access', () => {
  it('lets everyone but members launch', () => {
    expect([manager, adminA, supervisorA, member].map(canLaunch)).toEqual([true, true, true, false]);
  });

  it('files a campaign under the school chosen, else the launcher’s schools, else none (académie-wide)', () => {
    expect(campaignSchools(adminAB, { schoolId: A })).toEqual([A]);
    expect(campaignSchools(adminAB, {})).toEqual([A, B]);
    expect(campaignSchools(manager, {})).toEqual([]);
    expect(campaignSchools(manager, { schoolId: B })).toEqual([B]);
  });

  it('shows a campaign to the manager, its launcher and the staff of all its schools', () => {
    const ofSupervisor = { createdBy: 's', schoolIds: [A] };
    expect(canReadCampaign(manager, ofSupervisor)).toBe(true);
    expect(canReadCampaign(supervisorA, ofSupervisor)).toBe(true);
    expect(canReadCampaign(adminA, ofSupervisor)).toBe(true);
    expect(canReadCampaign(adminA, { createdBy: 'ab', schoolIds: [A, B] })).toBe(false);
    expect(canReadCampaign(adminAB, { createdBy: 'a', schoolIds: [A] })).toBe(true);
  });

  it('hides académie-wide campaigns from everyone but the manager, and every campaign from members', () => {
    expect(canReadCampaign(adminAB, { createdBy: 'm', schoolIds: [] })).toBe(false);
    expect(canReadCampaign(member, { createdBy: 'x', schoolIds: [A] })).toBe(false);
  });
});

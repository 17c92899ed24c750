import type { DistributionCaller, UserFilter } from '@sesame/contracts';

type Caller = Pick<DistributionCaller, 'id' | 'role' | 'schoolIds'>;

/** Distributing (SPEC §2): the manager, administrators and supervisors; never members. */
export function canLaunch(caller: Pick<Caller, 'role'>): boolean {
  return caller.role !== 'member';
}

/**
 * The schools a campaign belongs to: those of its selection (the school chosen, else the launcher's
 * own). Empty for the manager's académie-wide campaigns, which only the manager reads.
 */
export function campaignSchools(caller: Caller, filter: Pick<UserFilter, 'schoolId'>): string[] {
  if (filter.schoolId) return [filter.schoolId];
  return caller.role === 'manager' ? [] : [...caller.schoolIds];
}

/**
 * Who reads a campaign, its recipients and its document (activation codes): the manager, the
 * launcher, and the administrators and supervisors whose scope covers every school of the campaign
 * (an administrator sees its supervisors' campaigns, and its fellow administrators' in its schools).
 */
export function canReadCampaign(caller: Caller, campaign: { createdBy: string; schoolIds: readonly string[] }): boolean {
  if (caller.role === 'member') return false;
  if (caller.role === 'manager' || caller.id === campaign.createdBy) return true;
  return campaign.schoolIds.length > 0 && campaign.schoolIds.every((id) => caller.schoolIds.includes(id));
}

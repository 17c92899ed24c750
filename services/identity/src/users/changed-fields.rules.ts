import type { UpdateUser } from '@sesame/contracts';

interface Current {
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  profile: string | null;
  external_id: string | null;
  schools: ReadonlyArray<{ id: string; inherited: boolean }>;
  classes: ReadonlyArray<{ id: string; inherited: boolean }>;
}

const sameSet = (a: readonly string[], b: readonly string[]) => new Set(a).size === new Set(b).size && a.every((x) => b.includes(x));

/**
 * The fields a patch would really change (API names): a form sent back whole, with the values the
 * account already has, changes nothing and is no overwrite.
 */
export function changedFields(before: Current, patch: UpdateUser['patch']): string[] {
  const fields: string[] = [];
  const differs = (value: string | null | undefined, current: string | null) => value !== undefined && (value || null) !== current;
  if (differs(patch.firstName, before.first_name)) fields.push('firstName');
  if (differs(patch.lastName, before.last_name)) fields.push('lastName');
  if (differs(patch.email, before.email)) fields.push('email');
  if (differs(patch.profile, before.profile)) fields.push('profile');
  if (differs(patch.externalId, before.external_id)) fields.push('externalId');
  const own = <T extends { id: string; inherited: boolean }>(list: readonly T[]) => list.filter((x) => !x.inherited).map((x) => x.id);
  if (patch.schoolIds !== undefined && !sameSet(patch.schoolIds, own(before.schools))) fields.push('schoolIds');
  if (patch.classIds !== undefined && !sameSet(patch.classIds, own(before.classes))) fields.push('classIds');
  return fields;
}

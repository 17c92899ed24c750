import { checkEmail, checkUsername, normalizeEmail, normalizeUsername } from '@sesame/account-rules';
import type { CreateUser, FieldIssue, Role, UpdateUser } from '@sesame/contracts';

const STAFF: readonly Role[] = ['manager', 'administrator', 'supervisor'];

export interface NormalizedNames {
  username?: string;
  email?: string | null;
}

/** Field issues of a new account, before any database lookup. */
export function newAccountIssues(input: CreateUser): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, code: string, params?: FieldIssue['params']) =>
    issues.push({ field, code, ...(params ? { params } : {}) });
  const member = input.role === 'member';

  if (input.username !== undefined) {
    const issue = checkUsername(input.username);
    if (issue) add('username', issue.code, issue.params);
  } else if (!member) {
    add('username', 'username.required');
  }
  if (input.email !== undefined && input.email !== '') {
    const issue = checkEmail(input.email);
    if (issue) add('email', issue.code, issue.params);
  } else if (!member) {
    add('email', 'email.required');
  }
  if (member) {
    if (!input.firstName) add('firstName', 'name.required_for_members');
    if (!input.lastName) add('lastName', 'name.required_for_members');
    if (!input.profile) add('profile', 'profile.required_for_members');
    if (!input.schoolIds?.length && !input.childIds?.length) add('schoolIds', 'schools.required_for_members');
    if (input.childIds?.length && input.profile !== 'relative') add('childIds', 'children.only_for_relatives');
  } else {
    if (input.profile) add('profile', 'profile.only_for_members');
    if (input.classIds?.length) add('classIds', 'classes.only_for_members');
    if (input.childIds?.length) add('childIds', 'children.only_for_relatives');
  }
  if (input.role === 'administrator' && !input.schoolIds?.length) add('schoolIds', 'schools.required_for_administrators');
  if (input.role === 'supervisor' && input.schoolIds?.length) add('schoolIds', 'schools.not_for_supervisors');
  if (input.role !== 'supervisor' && input.managedBy) add('managedBy', 'managed_by.only_for_supervisors');
  return issues;
}

/** Field issues of a change to an existing account of `role`. */
export function patchIssues(role: Role, profile: string | null, patch: UpdateUser['patch']): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, code: string, params?: FieldIssue['params']) =>
    issues.push({ field, code, ...(params ? { params } : {}) });
  const member = role === 'member';

  if (patch.username !== undefined) {
    const issue = checkUsername(patch.username);
    if (issue) add('username', issue.code, issue.params);
  }
  if (patch.email !== undefined) {
    if (patch.email === null || patch.email === '') {
      if (STAFF.includes(role) && role !== 'manager') add('email', 'email.required');
    } else {
      const issue = checkEmail(patch.email);
      if (issue) add('email', issue.code, issue.params);
    }
  }
  if (member) {
    if (patch.firstName === null || patch.firstName === '') add('firstName', 'name.required_for_members');
    if (patch.lastName === null || patch.lastName === '') add('lastName', 'name.required_for_members');
    const nextProfile = patch.profile ?? profile;
    if (patch.childIds?.length && nextProfile !== 'relative') add('childIds', 'children.only_for_relatives');
  } else {
    if (patch.profile !== undefined) add('profile', 'profile.only_for_members');
    if (patch.classIds?.length) add('classIds', 'classes.only_for_members');
    if (patch.childIds?.length) add('childIds', 'children.only_for_relatives');
  }
  if (role === 'supervisor' && patch.schoolIds !== undefined) add('schoolIds', 'schools.not_for_supervisors');
  if (role === 'administrator' && patch.schoolIds !== undefined && patch.schoolIds.length === 0) {
    add('schoolIds', 'schools.required_for_administrators');
  }
  if (role !== 'supervisor' && patch.managedBy !== undefined) add('managedBy', 'managed_by.only_for_supervisors');
  return issues;
}

/** Usernames in NFC, emails trimmed with a lower-case domain, empty strings as "none". */
export function normalizeIdentity<T extends { username?: string; email?: string | null }>(input: T): T {
  return {
    ...input,
    ...(input.username !== undefined ? { username: normalizeUsername(input.username) } : {}),
    ...(input.email !== undefined ? { email: input.email ? normalizeEmail(input.email) : null } : {}),
  };
}

import { canCreate, checkEmail, checkUsername, feedOwnedIssues, normalizeUsername } from '@sesame/account-rules';
import type { FieldIssue, StagedAccount } from '@sesame/contracts';
import type { Actor } from '../auth/actor';

/**
 * Identity's own checks of rows staged by an import. The importer validated them already; these run
 * again where the data is written, so a forged or buggy message cannot create what its token may not.
 */

/** The administrator of the imported supervisors: the manager's choice, or the administrator importing. */
export function supervisorsManager(actor: Actor, administratorId: string | null): { managedBy: string | null; refusal?: 'forbidden' | 'managed_by.required' } {
  if (actor.role === 'administrator') {
    return administratorId && administratorId !== actor.id ? { managedBy: null, refusal: 'forbidden' } : { managedBy: actor.id };
  }
  if (actor.role === 'manager') return administratorId ? { managedBy: administratorId } : { managedBy: null, refusal: 'managed_by.required' };
  return { managedBy: null, refusal: 'forbidden' };
}

/** Whether `actor` may create this row (SPEC §2): administrators by the manager only, members in the actor's schools. */
export function mayImportRow(actor: Actor, row: { role: StagedAccount['role']; schoolId: string | null }, managedBy: string | null): boolean {
  return canCreate(actor, row.role, row.schoolId ? [row.schoolId] : [], row.role === 'supervisor' ? managedBy : null);
}

/** What is wrong with the content of a staged row (the rules that need no database). */
export function stagedRowIssues(row: StagedAccount): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, code: string, params?: FieldIssue['params']) =>
    issues.push({ field: `rows.${row.line}.${field}`, code, ...(params ? { params } : {}) });
  const username = checkUsername(row.username);
  if (username) add('username', username.code, username.params);
  if (row.username !== normalizeUsername(row.username)) add('username', 'username.not_normalized');
  if (row.email) {
    const email = checkEmail(row.email);
    if (email) add('email', email.code, email.params);
  }
  if (row.role === 'member') {
    if (!row.firstName) add('firstName', 'name.required_for_members');
    if (!row.lastName) add('lastName', 'name.required_for_members');
    if (!row.profile) add('profile', 'profile.required_for_members');
    if (!row.school) add('school', 'schools.required_for_members');
  } else {
    if (!row.email) add('email', 'email.required');
    if (!row.passwordHash) add('password', 'password.required');
    if (row.profile) add('profile', 'profile.only_for_members');
    if (row.classes.length) add('classes', 'classes.only_for_members');
  }
  if (row.role === 'administrator' && !row.school) add('school', 'schools.required_for_administrators');
  if (row.role === 'supervisor' && row.school) add('school', 'schools.not_for_supervisors');
  if (row.classes.length && !row.school) add('classes', 'classes.without_school');
  return issues;
}

/**
 * Sources stay in their lanes (issue 15): a row whose externalId is the key of an account an
 * académie feed owns would make a second account of that person, outside the feed's reach.
 */
export function feedKeyIssues(rows: readonly StagedAccount[], feedKeys: ReadonlyMap<string, string>): FieldIssue[] {
  return rows.flatMap((row) => {
    const source = row.externalId ? feedKeys.get(row.externalId) : undefined;
    if (!source) return [];
    return feedOwnedIssues({ source, feedFields: null }, ['externalId'], `rows.${row.line}.`).map((issue) => ({ ...issue, code: 'externalId.feed_owned' }));
  });
}

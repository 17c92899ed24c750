import { randomBytes } from 'node:crypto';
import type { Api } from './api';
import { MANAGER } from './stack';

export const PASSWORD = 'a long enough password';
let counter = 0;

/** A username no other test uses. */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${counter}.${randomBytes(3).toString('hex')}`;
}

/**
 * A small académie for end-to-end tests: two schools, an administrator and a supervisor in each,
 * a student in each, every one of them able to sign in.
 */
export async function seedDirectory(api: Api) {
  const managerToken = await api.login(MANAGER.username, MANAGER.password);
  const asManager = api.as(managerToken);
  const created = async (path: string, body: unknown) => {
    const answer = await asManager.post(path, body);
    if (answer.status !== 201) throw new Error(`${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const suffix = randomBytes(2).toString('hex');
  const schoolA = await created('/api/v1/schools', { uai: '0750001U', name: `Collège Victor-Hugo ${suffix}` });
  const schoolB = await created('/api/v1/schools', { uai: '0750002V', name: `Lycée Condorcet ${suffix}` });
  const classA = await created(`/api/v1/schools/${schoolA.id}/classes`, { name: '3A' });
  const staff = (role: string, extra: object) =>
    created('/api/v1/users', { role, username: uniqueName(role), email: `${uniqueName(role)}@ac-test.fr`, password: PASSWORD, ...extra });
  const adminA = await staff('administrator', { schoolIds: [schoolA.id] });
  const adminB = await staff('administrator', { schoolIds: [schoolB.id] });
  const supervisorA = await staff('supervisor', { managedBy: adminA.id });
  const supervisorB = await staff('supervisor', { managedBy: adminB.id });
  const student = (school: { id: string }, extra: object = {}) =>
    created('/api/v1/users', {
      role: 'member',
      profile: 'student',
      firstName: 'Léa',
      lastName: `Martin ${uniqueName('x')}`,
      schoolIds: [school.id],
      ...extra,
    });
  const memberA = await student(schoolA, { username: uniqueName('member'), password: PASSWORD, classIds: [classA.id] });
  const memberB = await student(schoolB, { username: uniqueName('member'), password: PASSWORD });
  const tokens = {
    manager: managerToken,
    administrator: await api.login(adminA.username, PASSWORD),
    supervisor: await api.login(supervisorA.username, PASSWORD),
    member: await api.login(memberA.username, PASSWORD),
    adminB: await api.login(adminB.username, PASSWORD),
  };
  return { schoolA, schoolB, classA, adminA, adminB, supervisorA, supervisorB, memberA, memberB, tokens, asManager, student, staff };
}

export type Directory = Awaited<ReturnType<typeof seedDirectory>>;

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Actor,
  type Subject,
  canCreate,
  canCreateClass,
  canCreateSchool,
  uaiOf,
  canDistribute,
  canImport,
  canManage,
  canReactivate,
  canReadReports,
  canReassign,
  canSee,
} from '@sesame/account-rules';
import type { Api, ApiAnswer } from '../support/api';
import { Directory, PASSWORD, seedDirectory, uniqueName } from '../support/directory';
import { MANAGER, Stack, startStack } from '../support/stack';

type Role = 'manager' | 'administrator' | 'supervisor' | 'member';
const ROLES: Role[] = ['manager', 'administrator', 'supervisor', 'member'];

interface Row {
  action: string;
  expected: Record<Role, number>;
  /** What the rulebook (libs/account-rules) says of this cell: identity and the console decide with it. */
  rule: (actor: Actor) => boolean;
  /** Runs the action as `role`, on a fresh target created for this run when it needs one. */
  run: (as: Api, role: Role) => Promise<ApiAnswer>;
}

/**
 * SPEC §2, the whole table: every role × every action, once against the rulebook and once through
 * the gateway, and both must say what the specification says. "No" must be 403 — not 404, not 500.
 * The administrator is the one of school A, the supervisor is managed by it, the member is a
 * student of school A.
 */
describe('permission table (SPEC §2)', () => {
  let stack: Stack;
  let d: Directory;
  const documents = mkdtempSync(join(tmpdir(), 'sesame-permissions-'));

  beforeAll(async () => {
    // The importer and mailmerge answer the import and distribution rows behind the gateway.
    stack = await startStack({ importer: {}, mailmerge: { DOCUMENTS_DIR: documents } });
    d = await seedDirectory(stack.api);
  });
  afterAll(async () => {
    await stack.close();
    rmSync(documents, { recursive: true, force: true });
  });

  /** Each role's actor as identity resolves it: its id and its scope. */
  const actorOf = (role: Role): Actor => {
    const scope = role === 'manager' ? [] : [d.schoolA.id];
    const id = { manager: 'the-manager', administrator: d.adminA.id, supervisor: d.supervisorA.id, member: d.memberA.id }[role];
    return { id, role, schoolIds: scope };
  };
  /** The kinds of target the rows act on, as the rulebook sees them. */
  const target = {
    memberOf: (school: () => { id: string }): Subject => ({ id: 'a-member', role: 'member', schoolIds: [school().id], managedBy: null }),
    supervisorOf: (admin: () => { id: string }): Subject => ({ id: 'a-supervisor', role: 'supervisor', schoolIds: [], managedBy: admin().id }),
    administratorOf: (school: () => { id: string }): Subject => ({ id: 'an-administrator', role: 'administrator', schoolIds: [school().id], managedBy: null }),
  };

  const memberOf = (school: { id: string }) => d.student(school);
  const supervisorOf = (admin: { id: string }) => d.staff('supervisor', { managedBy: admin.id });
  const deactivated = async (target: Promise<{ id: string }>) => {
    const account = await target;
    await d.asManager.post(`/api/v1/users/${account.id}/deactivate`);
    return account;
  };
  const newMember = (school: () => { id: string }) => ({
    role: 'member',
    profile: 'student',
    firstName: 'Noé',
    lastName: 'Durand',
    schoolIds: [school().id],
  });

  const rows: Row[] = [
    {
      action: 'create an administrator',
      rule: (actor) => canCreate(actor, 'administrator', [d.schoolA.id], null),
      expected: { manager: 201, administrator: 403, supervisor: 403, member: 403 },
      run: (as) =>
        as.post('/api/v1/users', { role: 'administrator', username: uniqueName('adm'), email: 'x@ac-test.fr', schoolIds: [d.schoolA.id] }),
    },
    {
      action: 'create a supervisor',
      rule: (actor) => canCreate(actor, 'supervisor', [], actor.role === 'manager' ? d.adminA.id : null),
      expected: { manager: 201, administrator: 201, supervisor: 403, member: 403 },
      run: (as, role) =>
        as.post('/api/v1/users', {
          role: 'supervisor',
          username: uniqueName('sup'),
          email: 'x@ac-test.fr',
          ...(role === 'manager' ? { managedBy: d.adminA.id } : {}),
        }),
    },
    {
      action: 'create a member of school A',
      rule: (actor) => canCreate(actor, 'member', [d.schoolA.id], null),
      expected: { manager: 201, administrator: 201, supervisor: 403, member: 403 },
      run: (as) => as.post('/api/v1/users', newMember(() => d.schoolA)),
    },
    {
      action: 'create a member of school B',
      rule: (actor) => canCreate(actor, 'member', [d.schoolB.id], null),
      expected: { manager: 201, administrator: 403, supervisor: 403, member: 403 },
      run: (as) => as.post('/api/v1/users', newMember(() => d.schoolB)),
    },
    {
      action: 'edit a member of school A',
      rule: (actor) => canManage(actor, target.memberOf(() => d.schoolA)),
      expected: { manager: 200, administrator: 200, supervisor: 403, member: 403 },
      run: async (as) => as.patch(`/api/v1/users/${(await memberOf(d.schoolA)).id}`, { firstName: 'Zoé' }),
    },
    {
      action: 'set the password of a member of school A',
      rule: (actor) => canManage(actor, target.memberOf(() => d.schoolA)),
      expected: { manager: 204, administrator: 204, supervisor: 403, member: 403 },
      run: async (as) => as.put(`/api/v1/users/${(await memberOf(d.schoolA)).id}/password`, { password: PASSWORD }),
    },
    {
      action: 'deactivate a member of school A',
      rule: (actor) => canManage(actor, target.memberOf(() => d.schoolA)),
      expected: { manager: 200, administrator: 200, supervisor: 403, member: 403 },
      run: async (as) => as.post(`/api/v1/users/${(await memberOf(d.schoolA)).id}/deactivate`),
    },
    {
      action: 'edit a member of school B',
      rule: (actor) => canManage(actor, target.memberOf(() => d.schoolB)),
      expected: { manager: 200, administrator: 403, supervisor: 403, member: 403 },
      run: async (as) => as.patch(`/api/v1/users/${(await memberOf(d.schoolB)).id}`, { firstName: 'Zoé' }),
    },
    {
      action: 'deactivate a member of school B',
      rule: (actor) => canManage(actor, target.memberOf(() => d.schoolB)),
      expected: { manager: 200, administrator: 403, supervisor: 403, member: 403 },
      run: async (as) => as.post(`/api/v1/users/${(await memberOf(d.schoolB)).id}/deactivate`),
    },
    {
      action: 'edit a supervisor assigned to the administrator',
      rule: (actor) => canManage(actor, target.supervisorOf(() => d.adminA)),
      expected: { manager: 200, administrator: 200, supervisor: 403, member: 403 },
      run: async (as) => as.patch(`/api/v1/users/${(await supervisorOf(d.adminA)).id}`, { displayName: 'Surveillant' }),
    },
    {
      action: 'set the password of a supervisor assigned to the administrator',
      rule: (actor) => canManage(actor, target.supervisorOf(() => d.adminA)),
      expected: { manager: 204, administrator: 204, supervisor: 403, member: 403 },
      run: async (as) => as.put(`/api/v1/users/${(await supervisorOf(d.adminA)).id}/password`, { password: PASSWORD }),
    },
    {
      action: 'deactivate a supervisor assigned to the administrator',
      rule: (actor) => canManage(actor, target.supervisorOf(() => d.adminA)),
      expected: { manager: 200, administrator: 200, supervisor: 403, member: 403 },
      run: async (as) => as.post(`/api/v1/users/${(await supervisorOf(d.adminA)).id}/deactivate`),
    },
    {
      action: 'edit a supervisor of another administrator',
      rule: (actor) => canManage(actor, target.supervisorOf(() => d.adminB)),
      expected: { manager: 200, administrator: 403, supervisor: 403, member: 403 },
      run: async (as) => as.patch(`/api/v1/users/${(await supervisorOf(d.adminB)).id}`, { displayName: 'Surveillant' }),
    },
    {
      action: 'deactivate a supervisor of another administrator',
      rule: (actor) => canManage(actor, target.supervisorOf(() => d.adminB)),
      expected: { manager: 200, administrator: 403, supervisor: 403, member: 403 },
      run: async (as) => as.post(`/api/v1/users/${(await supervisorOf(d.adminB)).id}/deactivate`),
    },
    {
      action: 'reassign a supervisor to another administrator',
      rule: (actor) => canManage(actor, target.supervisorOf(() => d.adminA)) && canReassign(actor),
      expected: { manager: 200, administrator: 403, supervisor: 403, member: 403 },
      run: async (as) => as.patch(`/api/v1/users/${(await supervisorOf(d.adminA)).id}`, { managedBy: d.adminB.id }),
    },
    {
      action: 'edit an administrator',
      rule: (actor) => canManage(actor, target.administratorOf(() => d.schoolA)),
      expected: { manager: 200, administrator: 403, supervisor: 403, member: 403 },
      run: async (as) => as.patch(`/api/v1/users/${(await d.staff('administrator', { schoolIds: [d.schoolA.id] })).id}`, { displayName: 'Direction' }),
    },
    {
      action: 'set the password of an administrator',
      rule: (actor) => canManage(actor, target.administratorOf(() => d.schoolA)),
      expected: { manager: 204, administrator: 403, supervisor: 403, member: 403 },
      run: async (as) =>
        as.put(`/api/v1/users/${(await d.staff('administrator', { schoolIds: [d.schoolA.id] })).id}/password`, { password: PASSWORD }),
    },
    {
      action: 'deactivate an administrator',
      rule: (actor) => canManage(actor, target.administratorOf(() => d.schoolA)),
      expected: { manager: 200, administrator: 403, supervisor: 403, member: 403 },
      run: async (as) => as.post(`/api/v1/users/${(await d.staff('administrator', { schoolIds: [d.schoolA.id] })).id}/deactivate`),
    },
    {
      action: 'reactivate a deactivated member of school A',
      rule: (actor) => canReactivate(actor),
      expected: { manager: 200, administrator: 403, supervisor: 403, member: 403 },
      run: async (as) => as.post(`/api/v1/users/${(await deactivated(memberOf(d.schoolA))).id}/reactivate`),
    },
    {
      action: 'reactivate a deactivated supervisor of the administrator',
      rule: (actor) => canReactivate(actor),
      expected: { manager: 200, administrator: 403, supervisor: 403, member: 403 },
      run: async (as) => as.post(`/api/v1/users/${(await deactivated(supervisorOf(d.adminA))).id}/reactivate`),
    },
    {
      action: 'read a member of school A',
      rule: (actor) => canSee(actor, target.memberOf(() => d.schoolA)),
      expected: { manager: 200, administrator: 200, supervisor: 200, member: 403 },
      run: async (as) => as.get(`/api/v1/users/${(await memberOf(d.schoolA)).id}`),
    },
    {
      action: 'read a member of school B',
      rule: (actor) => canSee(actor, target.memberOf(() => d.schoolB)),
      expected: { manager: 200, administrator: 403, supervisor: 403, member: 403 },
      run: async (as) => as.get(`/api/v1/users/${(await memberOf(d.schoolB)).id}`),
    },
    {
      action: 'list and filter accounts',
      rule: () => true,
      expected: { manager: 200, administrator: 200, supervisor: 200, member: 200 },
      run: (as) => as.get('/api/v1/users?profile=student&sort=name'),
    },
    {
      action: 'create a school',
      rule: (actor) => canCreateSchool(actor),
      expected: { manager: 201, administrator: 403, supervisor: 403, member: 403 },
      run: (as) => as.post('/api/v1/schools', { uai: uaiOf(700_000 + Math.floor(Math.random() * 1e5)), name: 'École' }),
    },
    {
      action: 'create a class in school A',
      rule: (actor) => canCreateClass(actor, d.schoolA.id),
      expected: { manager: 201, administrator: 201, supervisor: 403, member: 403 },
      run: (as) => as.post(`/api/v1/schools/${d.schoolA.id}/classes`, { name: uniqueName('6') }),
    },
    {
      action: 'create a class in school B',
      rule: (actor) => canCreateClass(actor, d.schoolB.id),
      expected: { manager: 201, administrator: 403, supervisor: 403, member: 403 },
      run: (as) => as.post(`/api/v1/schools/${d.schoolB.id}/classes`, { name: uniqueName('6') }),
    },
    {
      action: 'edit own profile (display name, email)',
      rule: () => true,
      expected: { manager: 200, administrator: 200, supervisor: 200, member: 200 },
      run: (as) => as.patch('/api/v1/me', { displayName: 'Moi-même', email: 'moi@ac-test.fr' }),
    },
    {
      action: 'import a CSV (the history of imports)',
      expected: { manager: 200, administrator: 200, supervisor: 403, member: 403 },
      rule: (actor) => canImport(actor),
      run: (as) => as.get('/api/v1/imports'),
    },
    {
      action: 'distribute accounts (the history of campaigns)',
      expected: { manager: 200, administrator: 200, supervisor: 200, member: 403 },
      rule: (actor) => canDistribute(actor),
      run: (as) => as.get('/api/v1/campaigns'),
    },
    {
      action: 'read the activation report of school A',
      expected: { manager: 200, administrator: 200, supervisor: 403, member: 403 },
      rule: (actor) => canReadReports(actor, d.schoolA.id),
      run: (as) => as.get(`/api/v1/reports/activation?schoolId=${d.schoolA.id}`),
    },
    {
      action: 'read the activation report of school B',
      expected: { manager: 200, administrator: 403, supervisor: 403, member: 403 },
      rule: (actor) => canReadReports(actor, d.schoolB.id),
      run: (as) => as.get(`/api/v1/reports/activation?schoolId=${d.schoolB.id}`),
    },
  ];

  const cases = rows.flatMap((row) => ROLES.map((role) => [row.action, role, row.expected[role], row] as const));

  it.each(cases)('%s as %s → %i, by the rulebook and through the API', async (_action, role, expected, row) => {
    expect({ rulebookAllows: row.rule(actorOf(role)) }).toEqual({ rulebookAllows: expected !== 403 });
    const answer = await row.run(stack.api.as(d.tokens[role]), role);
    if (answer.status !== expected) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
    if (expected === 403) expect(answer.body.code).toBe('forbidden');
  });

  it('assigns a supervisor created by an administrator to that administrator', async () => {
    const answer = await stack.api
      .as(d.tokens.administrator)
      .post('/api/v1/users', { role: 'supervisor', username: uniqueName('sup'), email: 'sup@ac-test.fr' });
    expect(answer.status).toBe(201);
    expect(answer.body.managedBy).toBe(d.adminA.id);
  });

  it('refuses an administrator who names another administrator for its supervisor', async () => {
    const answer = await stack.api
      .as(d.tokens.administrator)
      .post('/api/v1/users', { role: 'supervisor', username: uniqueName('sup'), email: 'sup@ac-test.fr', managedBy: d.adminB.id });
    expect(answer.status).toBe(403);
  });

  describe('what each role lists', () => {
    const usernames = async (role: Role, query = '') => {
      const answer = await stack.api.as(d.tokens[role]).get(`/api/v1/users?pageSize=500${query}`);
      expect(answer.status).toBe(200);
      expect(answer.body.total).toBe(answer.body.items.length);
      return answer.body.items.map((u: { username: string }) => u.username) as string[];
    };

    it('the manager lists every account', async () => {
      const seen = await usernames('manager');
      for (const account of [d.adminA, d.adminB, d.supervisorA, d.supervisorB, d.memberA, d.memberB]) {
        expect(seen).toContain(account.username);
      }
    });

    it('an administrator lists its schools and its own supervisors, never another school', async () => {
      const seen = await usernames('administrator');
      expect(seen).toEqual(expect.arrayContaining([d.adminA.username, d.supervisorA.username, d.memberA.username]));
      for (const other of [d.adminB.username, d.supervisorB.username, d.memberB.username]) expect(seen).not.toContain(other);
    });

    it('a supervisor lists the members of its administrator’s schools, read-only', async () => {
      const seen = await usernames('supervisor');
      expect(seen).toContain(d.memberA.username);
      expect(seen).not.toContain(d.memberB.username);
      expect(seen).not.toContain(d.adminA.username);
    });

    it('a member lists itself only', async () => {
      expect(await usernames('member')).toEqual([d.memberA.username]);
    });

    it('a filter on another school gives nothing outside the caller’s scope', async () => {
      expect(await usernames('administrator', `&schoolId=${d.schoolB.id}`)).toEqual([]);
    });
  });

  it.each(ROLES)('%s changes its own password, keeps its session, and the old password stops working', async (role) => {
    const token = d.tokens[role];
    const me = await stack.api.as(token).get('/api/v1/me');
    const changed = await stack.api.as(token).put('/api/v1/me/password', {
      currentPassword: role === 'manager' ? MANAGER.password : PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    expect(changed.status).toBe(200);
    expect((await stack.api.as(token).get('/api/v1/me')).status).toBe(401);
    expect((await stack.api.as(changed.body.accessToken).get('/api/v1/me')).status).toBe(200);
    expect((await stack.api.post('/api/v1/auth/login', { username: me.body.username, password: 'a brand new passphrase' })).status).toBe(200);
  });
});

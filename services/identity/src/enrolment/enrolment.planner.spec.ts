import type { EnrolmentEvent } from '@sesame/contracts';
import { KnownAccount, PlanningContext, personKey, planEnrolment } from './enrolment.planner';

const SCHOOL = 'school-1';
const OTHER = 'school-2';
let ids = 0;

function context(accounts: KnownAccount[] = [], versions: Array<[string, string]> = []): PlanningContext {
  return {
    accounts: new Map(accounts.map((a) => [a.key, a])),
    versions: new Map(versions.map(([id, at]) => [personKey('siecle', id), new Date(at)])),
    schoolByUai: new Map([
      ['0750001A', SCHOOL],
      ['0750002B', OTHER],
    ]),
    classId: (school, name) => `${school}/${name}`,
    schoolOfClass: (id) => id.split('/')[0],
    relativesOf: new Map(),
    childrenOf: new Map(),
    preDeletedIds: new Set(accounts.filter((a) => a.preDeleted).map((a) => a.id)),
    newId: () => `new-${++ids}`,
  };
}

const at = (minute: number) => `2026-09-01T08:${String(minute).padStart(2, '0')}:00Z`;
const base = (id: string, minute: number) => ({ eventId: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`, occurredAt: at(minute), source: 'siecle', version: 1 as const, _id: id });

function enrolled(student: string, minute: number, relatives: string[] = [], uai = '0750001A', className = '6A'): EnrolmentEvent {
  const { _id, ...envelope } = base(student, minute);
  return {
    ...envelope,
    type: 'student.enrolled',
    student: { externalId: _id, firstName: 'Léa', lastName: 'Martin' },
    school: { uai },
    className,
    relatives: relatives.map((r) => ({ externalId: r, firstName: 'Anne', lastName: 'Martin', email: `${r}@example.org` })),
  };
}

const known = (id: string, extra: Partial<KnownAccount> = {}): KnownAccount => ({
  id: `id-${id}`,
  key: personKey('siecle', id),
  source: 'siecle',
  externalId: id,
  username: id,
  firstName: 'Léa',
  lastName: 'Martin',
  email: null,
  profile: 'student',
  preDeleted: false,
  schoolIds: [SCHOOL],
  classIds: [`${SCHOOL}/6A`],
  ...extra,
});

describe('planEnrolment', () => {
  it('creates a student and its relatives once, linking a relative to each of their children', () => {
    const plan = planEnrolment([enrolled('s1', 1, ['p1', 'p2']), enrolled('s2', 2, ['p1'])], context());
    expect(plan.creates.map((a) => a.externalId).sort()).toEqual(['p1', 'p2', 's1', 's2']);
    const p1 = plan.creates.find((a) => a.externalId === 'p1')!;
    expect(plan.links.filter((l) => l.relativeId === p1.id)).toHaveLength(2);
    expect(plan.creates.find((a) => a.externalId === 's2')!.classIds).toEqual([`${SCHOOL}/6A`]);
  });

  it('ignores an event older than what was applied for that person', () => {
    const plan = planEnrolment([enrolled('s1', 5)], context([known('s1')], [['s1', at(10)]]));
    expect(plan.stale).toHaveLength(1);
    expect(plan.memberships.size + plan.updated.size + plan.creates.length).toBe(0);
  });

  it('applies events in the order they happened, whatever their order in the batch', () => {
    const transfer: EnrolmentEvent = { ...base('s1', 9), type: 'student.transferred', student: { externalId: 's1' }, school: { uai: '0750002B' }, className: '5B' };
    const plan = planEnrolment([transfer, enrolled('s1', 1)], context());
    const student = plan.creates[0];
    expect(student.schoolIds).toEqual([OTHER]);
    expect(student.classIds).toEqual([`${OTHER}/5B`]);
  });

  it('refuses an unknown school and a transfer of an unknown student, as poison', () => {
    const unknownSchool = enrolled('s1', 1, [], '0999999Z');
    const transfer: EnrolmentEvent = { ...base('ghost', 2), type: 'student.transferred', student: { externalId: 'ghost' }, school: { uai: '0750001A' }, className: '6A' };
    const plan = planEnrolment([unknownSchool, transfer], context());
    expect(plan.poison.map((p) => p.reason)).toEqual([expect.stringContaining('0999999Z'), expect.stringContaining('ghost')]);
  });

  it('pre-deletes a leaver, and a relative with its last child', () => {
    const ctx = context([known('s1'), known('p1', { profile: 'relative', schoolIds: [], classIds: [] })]);
    ctx.relativesOf.set('id-s1', ['id-p1']);
    ctx.childrenOf.set('id-p1', ['id-s1']);
    const left: EnrolmentEvent = { ...base('s1', 3), type: 'student.left', student: { externalId: 's1' } };
    const plan = planEnrolment([left], ctx);
    expect([...plan.preDelete].sort()).toEqual(['id-p1', 'id-s1']);
  });

  it('keeps a relative who still has a child at school', () => {
    const ctx = context([known('s1'), known('s2'), known('p1', { profile: 'relative', schoolIds: [], classIds: [] })]);
    ctx.relativesOf.set('id-s1', ['id-p1']);
    ctx.childrenOf.set('id-p1', ['id-s1', 'id-s2']);
    const plan = planEnrolment([{ ...base('s1', 3), type: 'student.left', student: { externalId: 's1' } }], ctx);
    expect([...plan.preDelete]).toEqual(['id-s1']);
  });

  it('restores a pre-deleted student who enrols again', () => {
    const plan = planEnrolment([enrolled('s1', 4)], context([known('s1', { preDeleted: true })]));
    expect([...plan.restore]).toEqual(['id-s1']);
  });

  it('moves staff between schools: assigned adds a school, left removes it and pre-deletes the last', () => {
    const assigned: EnrolmentEvent = {
      ...base('t1', 1),
      type: 'staff.assigned',
      staff: { externalId: 't1', firstName: 'Paul', lastName: 'Durand', email: 'p.durand@ac-paris.fr' },
      profile: 'teacher',
      school: { uai: '0750002B' },
      classNames: ['4C'],
    };
    const teacher = known('t1', { profile: 'teacher', schoolIds: [SCHOOL], classIds: [`${SCHOOL}/3A`] });
    const plan = planEnrolment([assigned], context([teacher]));
    expect(teacher.schoolIds.sort()).toEqual([SCHOOL, OTHER].sort());
    expect(teacher.classIds.sort()).toEqual([`${OTHER}/4C`, `${SCHOOL}/3A`].sort());
    const leftA: EnrolmentEvent = { ...base('t1', 2), type: 'staff.left', staff: { externalId: 't1' }, school: { uai: '0750001A' } };
    const leftB: EnrolmentEvent = { ...base('t1', 3), type: 'staff.left', staff: { externalId: 't1' }, school: { uai: '0750002B' } };
    const after = planEnrolment([leftA, leftB], context([teacher]));
    expect(teacher.schoolIds).toEqual([]);
    expect([...after.preDelete]).toEqual(['id-t1']);
    expect(plan.poison).toEqual([]);
  });

  it('drops an email that is not one single address', () => {
    const event = enrolled('s1', 1, ['p1']) as Extract<EnrolmentEvent, { type: 'student.enrolled' }>;
    event.relatives[0].email = 'a@x.org, b@y.org';
    const plan = planEnrolment([event], context());
    expect(plan.creates.find((a) => a.externalId === 'p1')!.email).toBeNull();
  });
});

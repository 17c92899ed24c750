import type { EnrolmentEvent } from '@sesame/contracts';
import { Fact, FactName, schoolFact } from './enrolment.facts';
import { KnownAccount, PlanningContext, personKey, planEnrolment } from './enrolment.planner';

const SCHOOL = 'school-1';
const OTHER = 'school-2';
let ids = 0;

function context(accounts: KnownAccount[] = [], facts: Array<[string, FactName, Fact]> = []): PlanningContext {
  const byPerson = new Map<string, Map<FactName, Fact>>();
  for (const [id, name, fact] of facts) byPerson.set(personKey('siecle', id), (byPerson.get(personKey('siecle', id)) ?? new Map()).set(name, fact));
  return {
    accounts: new Map(accounts.map((a) => [a.key, a])),
    facts: byPerson,
    schoolByUai: new Map([
      ['0750001U', SCHOOL],
      ['0750002V', OTHER],
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
const eventId = (n = ++ids) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const envelope = (minute: number, id = eventId()) => ({ eventId: id, occurredAt: at(minute), source: 'siecle', version: 1 as const });
const version = (minute: number) => ({ at: Date.parse(at(minute)), eventId: eventId(0) });

function enrolled(student: string, minute: number, relatives: string[] = [], uai = '0750001U', className = '6A'): EnrolmentEvent {
  return {
    ...envelope(minute),
    type: 'student.enrolled',
    student: { externalId: student, firstName: 'Léa', lastName: 'Martin' },
    school: { uai },
    className,
    relatives: relatives.map((r) => ({ externalId: r, firstName: 'Anne', lastName: 'Martin', email: `${r}@example.org` })),
  };
}
const transferred = (student: string, minute: number, uai = '0750002V', className = '5B'): EnrolmentEvent => ({
  ...envelope(minute),
  type: 'student.transferred',
  student: { externalId: student },
  school: { uai },
  className,
});
const left = (student: string, minute: number): EnrolmentEvent => ({ ...envelope(minute), type: 'student.left', student: { externalId: student } });
const assigned = (staff: string, minute: number, uai: string, classNames: string[] = []): EnrolmentEvent => ({
  ...envelope(minute),
  type: 'staff.assigned',
  staff: { externalId: staff, firstName: 'Paul', lastName: 'Durand', email: 'p.durand@ac-paris.fr' },
  profile: 'teacher',
  school: { uai },
  classNames,
});
const staffLeft = (staff: string, minute: number, uai: string): EnrolmentEvent => ({ ...envelope(minute), type: 'staff.left', staff: { externalId: staff }, school: { uai } });

const known = (id: string, extra: Partial<KnownAccount> = {}): KnownAccount => ({
  id: `id-${id}`,
  key: personKey('siecle', id),
  source: 'siecle',
  externalId: id,
  username: id,
  firstName: 'Léa',
  lastName: 'Martin',
  email: null,
  role: 'member',
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

  it('ignores an event whose facts were all set by newer events', () => {
    const facts: Array<[string, FactName, Fact]> = [
      ['s1', 'names', { version: version(10), value: { firstName: 'Léa', lastName: 'Martin', profile: 'student' } }],
      ['s1', 'placement', { version: version(10), value: { schoolId: SCHOOL, classId: `${SCHOOL}/6A` } }],
      ['s1', 'departure', { version: version(10), value: { left: false } }],
    ];
    const plan = planEnrolment([enrolled('s1', 5, [], '0750002V', '3C')], context([known('s1')], facts));
    expect(plan.stale).toHaveLength(1);
    expect(plan.memberships.size + plan.updated.size + plan.creates.length + plan.facts.length).toBe(0);
  });

  it('applies the facts a late event is the latest word on: a transfer before a departure that arrived first', () => {
    const student = known('s1', { preDeleted: true });
    const facts: Array<[string, FactName, Fact]> = [
      ['s1', 'placement', { version: version(1), value: { schoolId: SCHOOL, classId: `${SCHOOL}/6A` } }],
      ['s1', 'departure', { version: version(3), value: { left: true } }],
    ];
    const plan = planEnrolment([transferred('s1', 2)], context([student], facts));
    expect(plan.applied).toHaveLength(1);
    expect(student).toEqual(expect.objectContaining({ schoolIds: [OTHER], classIds: [`${OTHER}/5B`], preDeleted: true }));
    expect(plan.restore.size).toBe(0);
  });

  it('keeps a late assignment to a second school, and a late one to a school left since does not come back', () => {
    const teacher = known('t1', { profile: 'teacher', schoolIds: [OTHER], classIds: [`${OTHER}/Tle`] });
    const facts: Array<[string, FactName, Fact]> = [
      ['t1', schoolFact(OTHER), { version: version(5), value: { assigned: true, classIds: [`${OTHER}/Tle`] } }],
      ['t1', schoolFact(SCHOOL), { version: version(9), value: { assigned: false, classIds: [] } }],
    ];
    const late = planEnrolment([assigned('t1', 4, '0750001U', ['6A'])], context([teacher], facts));
    expect(late.facts.map((f) => f.name)).not.toContain(schoolFact(SCHOOL));
    expect(teacher.schoolIds).toEqual([OTHER]);
    facts.pop();
    const second = planEnrolment([assigned('t1', 4, '0750001U', ['6A'])], context([teacher], facts));
    expect(second.facts.map((f) => f.name)).toContain(schoolFact(SCHOOL));
    expect(teacher.schoolIds.sort()).toEqual([OTHER, SCHOOL].sort());
    expect(teacher.classIds.sort()).toEqual([`${OTHER}/Tle`, `${SCHOOL}/6A`].sort());
  });

  it('places a student where the latest event said, whatever the order in the batch', () => {
    const plan = planEnrolment([transferred('s1', 9), enrolled('s1', 1)], context());
    expect(plan.creates[0]).toEqual(expect.objectContaining({ schoolIds: [OTHER], classIds: [`${OTHER}/5B`] }));
  });

  it('keeps facts about someone not enrolled yet, and creates a leaver pre-deleted when the older enrolment comes', () => {
    const early = planEnrolment([left('s1', 5)], context());
    expect(early.applied).toHaveLength(1);
    expect(early.creates).toEqual([]);
    const stored = early.facts.map((f): [string, FactName, Fact] => ['s1', f.name, f.fact]);
    const late = planEnrolment([enrolled('s1', 2)], context([], stored));
    expect(late.creates[0].preDeleted).toBe(true);
    expect([...late.preDelete]).toEqual([late.creates[0].id]);
  });

  it('breaks ties of occurredAt by eventId', () => {
    const first = { ...transferred('s1', 3, '0750001U', '6B'), eventId: eventId(900_001) };
    const second = { ...transferred('s1', 3, '0750002V', '5B'), eventId: eventId(900_002) };
    for (const batch of [[first, second], [second, first]]) {
      const student = known('s1');
      planEnrolment(batch, context([student]));
      expect(student.classIds).toEqual([`${OTHER}/5B`]);
    }
  });

  it('refuses an unknown school, an account of another kind and a non-member, changing nothing for them', () => {
    const admin = known('a1', { role: 'administrator', profile: null, schoolIds: [], classIds: [] });
    const teacher = known('t1', { profile: 'teacher' });
    const plan = planEnrolment(
      [enrolled('s1', 1, [], '0999999F'), enrolled('s2', 2, ['t1']), assigned('a1', 3, '0750001U'), transferred('t1', 4)],
      context([admin, teacher]),
    );
    expect(plan.refused.map((r) => r.reason)).toEqual([
      'unknown school: no school has the UAI 0999999F',
      'not a relative: siecle/t1 is staff',
      'not a member: siecle/a1 is an administrator',
      'not a student: siecle/t1 is staff',
    ]);
    expect(plan.creates).toEqual([]);
    expect(plan.facts).toEqual([]);
  });

  it('pre-deletes a leaver, and a relative with its last child, both on the day the event says', () => {
    const ctx = context([known('s1'), known('p1', { profile: 'relative', schoolIds: [], classIds: [] })]);
    ctx.relativesOf.set('id-s1', ['id-p1']);
    ctx.childrenOf.set('id-p1', ['id-s1']);
    const plan = planEnrolment([left('s1', 3)], ctx);
    expect([...plan.preDelete].sort()).toEqual(['id-p1', 'id-s1']);
    expect(plan.leftAt).toEqual(new Map([['id-s1', Date.parse(at(3))], ['id-p1', Date.parse(at(3))]]));
  });

  it('keeps a relative who still has a child at school', () => {
    const ctx = context([known('s1'), known('s2'), known('p1', { profile: 'relative', schoolIds: [], classIds: [] })]);
    ctx.relativesOf.set('id-s1', ['id-p1']);
    ctx.childrenOf.set('id-p1', ['id-s1', 'id-s2']);
    const plan = planEnrolment([left('s1', 3)], ctx);
    expect([...plan.preDelete]).toEqual(['id-s1']);
  });

  it('restores a student who enrols again after leaving, and their relative, but not for a late, older enrolment', () => {
    const departed = (): Array<[string, FactName, Fact]> => [['s1', 'departure', { version: version(5), value: { left: true } }]];
    const setUp = () => {
      const ctx = context([known('s1', { preDeleted: true }), known('p1', { profile: 'relative', preDeleted: true, schoolIds: [], classIds: [] })], departed());
      ctx.relativesOf.set('id-s1', ['id-p1']);
      ctx.childrenOf.set('id-p1', ['id-s1']);
      return ctx;
    };
    expect([...planEnrolment([enrolled('s1', 8)], setUp()).restore].sort()).toEqual(['id-p1', 'id-s1']);
    expect(planEnrolment([enrolled('s1', 4)], setUp()).restore.size).toBe(0);
  });

  it('moves staff between schools: assigned adds a school, left removes it and pre-deletes the last', () => {
    const teacher = known('t1', { profile: 'teacher', schoolIds: [SCHOOL], classIds: [`${SCHOOL}/3A`] });
    const plan = planEnrolment([assigned('t1', 1, '0750002V', ['4C'])], context([teacher]));
    expect(teacher.schoolIds.sort()).toEqual([SCHOOL, OTHER].sort());
    expect(teacher.classIds.sort()).toEqual([`${OTHER}/4C`, `${SCHOOL}/3A`].sort());
    const after = planEnrolment([staffLeft('t1', 2, '0750001U'), staffLeft('t1', 3, '0750002V')], context([teacher]));
    expect(teacher.schoolIds).toEqual([]);
    expect([...after.preDelete]).toEqual(['id-t1']);
    expect(plan.refused).toEqual([]);
  });

  it('drops an email that is not one single address', () => {
    const event = enrolled('s1', 1, ['p1']) as Extract<EnrolmentEvent, { type: 'student.enrolled' }>;
    event.relatives[0].email = 'a@x.org, b@y.org';
    const plan = planEnrolment([event], context());
    expect(plan.creates.find((a) => a.externalId === 'p1')!.email).toBeNull();
  });
});

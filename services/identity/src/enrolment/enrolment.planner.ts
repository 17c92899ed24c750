import { checkEmail, normalizeEmail } from '@sesame/account-rules';
import type { EnrolmentEvent, Profile, Role } from '@sesame/contracts';
import { Fact, FactBook, FactName, FactValues, PersonKey, Version, compareVersions, personKey, schoolFact, schoolOfFact, versionOf } from './enrolment.facts';
import { kindOfProfile, refusalOf } from './enrolment.refusals';

export { personKey } from './enrolment.facts';
export type { PersonKey } from './enrolment.facts';

export interface KnownAccount {
  id: string;
  key: PersonKey;
  source: string;
  externalId: string;
  /** Null until the repository allocates a login (new accounts). */
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  role: Role;
  profile: Profile | null;
  preDeleted: boolean;
  /** Own (not inherited) memberships. */
  schoolIds: string[];
  classIds: string[];
}

export interface PlanningContext {
  accounts: Map<PersonKey, KnownAccount>;
  /** What the stream said so far about each fact of the people of the batch. */
  facts: Map<PersonKey, Map<FactName, Fact>>;
  schoolByUai: Map<string, string>;
  /** Id of a class of a school (the repository created the missing ones before planning). */
  classId: (schoolId: string, name: string) => string | undefined;
  schoolOfClass: (classId: string) => string | undefined;
  /** Students' relatives and relatives' children, for "relatives leave with their last child". */
  relativesOf: Map<string, string[]>;
  childrenOf: Map<string, string[]>;
  preDeletedIds: Set<string>;
  newId: () => string;
}

export interface EnrolmentPlan {
  applied: EnrolmentEvent[];
  /** Said nothing newer than what each of its facts already says: changes nothing. */
  stale: EnrolmentEvent[];
  /** Can never apply (unknown school, an account of another kind): dead-lettered with the reason. */
  refused: Array<{ event: EnrolmentEvent; reason: string }>;
  creates: KnownAccount[];
  /** Accounts whose names, email or profile changed. */
  updated: Set<string>;
  /** Accounts whose own schools and classes changed. */
  memberships: Set<string>;
  links: Array<{ relativeId: string; studentId: string }>;
  preDelete: Set<string>;
  /** When each departure of `preDelete` happened (the fact's time, in ms); absent: when it is applied. */
  leftAt: Map<string, number>;
  restore: Set<string>;
  /** The facts to store, each with the event that last set it. */
  facts: Array<{ key: PersonKey; name: FactName; fact: Fact }>;
  /** Every account the plan touches, by id, in its final state. */
  accounts: Map<string, KnownAccount>;
}

interface PersonData {
  externalId: string;
  firstName: string;
  lastName: string;
  email?: string;
}

/** An address from an information system that is not a single valid mailbox is dropped, not fatal. */
function cleanEmail(email: string | undefined): string | null | undefined {
  if (email === undefined) return undefined;
  return checkEmail(email) ? null : normalizeEmail(email);
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Turns a batch of enrolment events into the changes to make. Each event sets facts (a student's
 * placement and departure, a staff assignment to one school, names, email); each fact keeps what its
 * latest event said (see enrolment.facts.ts), and the accounts follow their facts. So the final
 * state is the one of the events applied in time order, whatever order they arrive in, however
 * they are batched, with duplicates. Pure: everything it needs about the database is in the context.
 */
export function planEnrolment(events: EnrolmentEvent[], context: PlanningContext): EnrolmentPlan {
  const plan: EnrolmentPlan = {
    applied: [],
    stale: [],
    refused: [],
    creates: [],
    updated: new Set(),
    memberships: new Set(),
    links: [],
    preDelete: new Set(),
    leftAt: new Map(),
    restore: new Set(),
    facts: [],
    accounts: new Map(),
  };
  const book = new FactBook(context.facts);
  const byId = new Map([...context.accounts.values()].map((a) => [a.id, a]));
  const created = new Set<PersonKey>();
  const changed = new Set<PersonKey>();
  const linked = new Set([...context.childrenOf].flatMap(([relative, children]) => children.map((child) => `${relative}/${child}`)));
  const touch = (account: KnownAccount) => {
    plan.accounts.set(account.id, account);
    return account;
  };

  /** The person's account, created at first sight. */
  const ensure = (source: string, person: PersonData, profile: Profile): KnownAccount => {
    const key = personKey(source, person.externalId);
    const existing = context.accounts.get(key);
    if (existing) return touch(existing);
    const account: KnownAccount = {
      id: context.newId(),
      key,
      source,
      externalId: person.externalId,
      username: null,
      firstName: person.firstName,
      lastName: person.lastName,
      email: cleanEmail(person.email) ?? null,
      role: 'member',
      profile,
      preDeleted: false,
      schoolIds: [],
      classIds: [],
    };
    context.accounts.set(key, account);
    byId.set(account.id, account);
    plan.creates.push(account);
    created.add(key);
    return touch(account);
  };

  const record = (event: EnrolmentEvent, version: Version): boolean => {
    let said = false;
    const offer = (key: PersonKey, name: FactName, value: Fact['value']) => {
      if (!book.offer(key, name, version, value)) return;
      changed.add(key);
      said = true;
    };
    const person = (source: string, data: PersonData, profile: Profile): KnownAccount => {
      if (!context.accounts.has(personKey(source, data.externalId))) said = true;
      const account = ensure(source, data, profile);
      offer(account.key, 'names', { firstName: data.firstName, lastName: data.lastName, profile });
      const email = cleanEmail(data.email);
      if (email !== undefined) offer(account.key, 'email', { email });
      return account;
    };
    const school = 'school' in event ? context.schoolByUai.get(event.school.uai)! : '';
    switch (event.type) {
      case 'student.enrolled': {
        const student = person(event.source, event.student, 'student');
        offer(student.key, 'placement', { schoolId: school, classId: context.classId(school, event.className)! });
        offer(student.key, 'departure', { left: false });
        for (const data of event.relatives) {
          const relative = person(event.source, data, 'relative');
          if (linked.has(`${relative.id}/${student.id}`)) continue;
          linked.add(`${relative.id}/${student.id}`);
          plan.links.push({ relativeId: relative.id, studentId: student.id });
          said = true;
        }
        break;
      }
      case 'student.transferred':
        offer(personKey(event.source, event.student.externalId), 'placement', { schoolId: school, classId: context.classId(school, event.className)! });
        break;
      case 'student.left':
        offer(personKey(event.source, event.student.externalId), 'departure', { left: true });
        break;
      case 'staff.assigned': {
        const staff = person(event.source, event.staff, event.profile);
        const classIds = [...new Set(event.classNames.map((name) => context.classId(school, name)!))];
        offer(staff.key, schoolFact(school), { assigned: true, classIds });
        break;
      }
      case 'staff.left':
        offer(personKey(event.source, event.staff.externalId), schoolFact(school), { assigned: false, classIds: [] });
        break;
    }
    return said;
  };

  // Time order inside the batch: refusals that depend on earlier events (an account of another kind) are those of that order.
  const ordered = [...events].sort((a, b) => compareVersions(versionOf(a), versionOf(b)));
  for (const event of ordered) {
    const reason = refusalOf(event, context.schoolByUai, (source, externalId) => context.accounts.get(personKey(source, externalId)));
    if (reason) plan.refused.push({ event, reason });
    else (record(event, versionOf(event)) ? plan.applied : plan.stale).push(event);
  }

  const setMembership = (account: KnownAccount, schoolIds: string[], classIds: string[]) => {
    if (sameSet(account.schoolIds, schoolIds) && sameSet(account.classIds, classIds)) return;
    account.schoolIds = [...new Set(schoolIds)];
    account.classIds = [...new Set(classIds)];
    plan.memberships.add(account.id);
  };
  const comeBack = (account: KnownAccount) => {
    if (!account.preDeleted) return;
    account.preDeleted = false;
    plan.leftAt.delete(account.id);
    if (!plan.preDelete.delete(account.id)) plan.restore.add(account.id);
  };
  const leave = (account: KnownAccount, at?: number) => {
    if (account.preDeleted) return;
    account.preDeleted = true;
    if (plan.restore.delete(account.id)) return;
    plan.preDelete.add(account.id);
    if (at !== undefined) plan.leftAt.set(account.id, at);
  };
  const setNames = (account: KnownAccount, { firstName, lastName, profile }: FactValues['names']) => {
    // Teacher and personnel are one kind: a staff member may switch; nobody else changes profile here.
    const nextProfile = kindOfProfile(profile) === kindOfProfile(account.profile) ? profile : account.profile;
    if (account.firstName === firstName && account.lastName === lastName && account.profile === nextProfile) return;
    Object.assign(account, { firstName, lastName, profile: nextProfile });
    if (!created.has(account.key)) plan.updated.add(account.id);
  };
  const setEmail = (account: KnownAccount, { email }: FactValues['email']) => {
    if (account.email === email) return;
    account.email = email;
    if (!created.has(account.key)) plan.updated.add(account.id);
  };

  // Each account follows its facts: all of them for a new account, the changed ones for the others
  // (what an administrator changed by hand stays until the stream says something newer).
  for (const key of new Set([...created, ...changed])) {
    const account = context.accounts.get(key);
    if (!account) continue; // Facts about someone not enrolled yet: kept until their enrolment arrives.
    touch(account);
    const applies = (name: FactName) => created.has(key) || book.changed(key, name);
    const names = book.get(key, 'names');
    if (names && applies('names')) setNames(account, names.value);
    const email = book.get(key, 'email');
    if (email && applies('email')) setEmail(account, email.value);
    const kind = kindOfProfile(account.profile);
    if (kind === 'student') {
      const placement = book.get(key, 'placement');
      if (placement && applies('placement')) setMembership(account, [placement.value.schoolId], [placement.value.classId]);
      const departure = book.get(key, 'departure');
      if (departure && applies('departure')) {
        if (departure.value.left) leave(account, departure.version.at);
        else comeBack(account);
      }
    } else if (kind === 'staff') {
      let assignments = false;
      let lastAt = 0;
      for (const [name, fact] of book.of(key)) {
        const school = schoolOfFact(name);
        if (!school || !applies(name)) continue;
        assignments = true;
        lastAt = Math.max(lastAt, fact.version.at);
        const { assigned, classIds } = fact.value as FactValues['school'];
        setMembership(
          account,
          [...account.schoolIds.filter((id) => id !== school), ...(assigned ? [school] : [])],
          [...account.classIds.filter((id) => context.schoolOfClass(id) !== school), ...(assigned ? classIds : [])],
        );
      }
      if (assignments && account.schoolIds.length) comeBack(account);
      else if (assignments) leave(account, lastAt);
    }
  }

  // Relatives leave with their last child and come back with the first one back (links known before
  // this batch, or made in it).
  const relatives = new Set(plan.links.map((l) => l.relativeId));
  for (const id of [...plan.preDelete, ...plan.restore]) {
    if (byId.get(id)?.profile === 'student') (context.relativesOf.get(id) ?? []).forEach((r) => relatives.add(r));
  }
  const isAway = (id: string) => byId.get(id)?.preDeleted ?? context.preDeletedIds.has(id);
  for (const relativeId of relatives) {
    const relative = byId.get(relativeId);
    if (!relative || relative.profile !== 'relative') continue;
    const children = [...(context.childrenOf.get(relativeId) ?? []), ...plan.links.filter((l) => l.relativeId === relativeId).map((l) => l.studentId)];
    // A relative leaves with their last child: on that child's day when this batch says it.
    const lastChildAt = Math.max(0, ...children.map((id) => plan.leftAt.get(id) ?? 0));
    if (children.every(isAway)) leave(touch(relative), lastChildAt || undefined);
    else comeBack(touch(relative));
  }

  plan.facts = book.changedFacts;
  return plan;
}

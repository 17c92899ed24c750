import { checkEmail, normalizeEmail } from '@sesame/account-rules';
import type { EnrolmentEvent, Profile } from '@sesame/contracts';

/** A person of an information system: `source` + its `externalId`. */
export type PersonKey = string;
export const personKey = (source: string, externalId: string): PersonKey => `${source}\u0000${externalId}`;

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
  profile: Profile | null;
  preDeleted: boolean;
  /** Own (not inherited) memberships. */
  schoolIds: string[];
  classIds: string[];
}

export interface PlanningContext {
  accounts: Map<PersonKey, KnownAccount>;
  versions: Map<PersonKey, Date>;
  schoolByUai: Map<string, string>;
  /** Id of a class of a school (the repository created the missing ones before planning). */
  classId: (schoolId: string, name: string) => string | undefined;
  schoolOfClass: (classId: string) => string | undefined;
  /** A leaving student's relatives, and each relative's children (for "leaves with the last child"). */
  relativesOf: Map<string, string[]>;
  childrenOf: Map<string, string[]>;
  preDeletedIds: Set<string>;
  newId: () => string;
}

export interface EnrolmentPlan {
  applied: EnrolmentEvent[];
  /** Older than what was applied for that person: ignored (SPEC §7). */
  stale: EnrolmentEvent[];
  /** Can never apply (unknown school, unknown student): dead-lettered with the reason. */
  poison: Array<{ event: EnrolmentEvent; reason: string }>;
  creates: KnownAccount[];
  /** Accounts whose names, email or profile changed. */
  updated: Set<string>;
  /** Accounts whose own schools and classes changed. */
  memberships: Set<string>;
  links: Array<{ relativeId: string; studentId: string }>;
  preDelete: Set<string>;
  restore: Set<string>;
  versions: Map<PersonKey, Date>;
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

/**
 * Turns a batch of enrolment events into the changes to make, in memory, in the order the events
 * happened. Pure: everything it needs about the database is in the context.
 */
export function planEnrolment(events: EnrolmentEvent[], context: PlanningContext): EnrolmentPlan {
  const plan: EnrolmentPlan = {
    applied: [],
    stale: [],
    poison: [],
    creates: [],
    updated: new Set(),
    memberships: new Set(),
    links: [],
    preDelete: new Set(),
    restore: new Set(),
    versions: new Map(),
    accounts: new Map(),
  };
  const byId = new Map([...context.accounts.values()].map((a) => [a.id, a]));
  const linked = new Set<string>();
  const versionOf = (key: PersonKey) => plan.versions.get(key) ?? context.versions.get(key);
  const isStale = (key: PersonKey, at: Date) => {
    const applied = versionOf(key);
    return applied !== undefined && at < applied;
  };
  const touch = (account: KnownAccount) => {
    plan.accounts.set(account.id, account);
    return account;
  };
  const known = (source: string, externalId: string) => {
    const account = context.accounts.get(personKey(source, externalId));
    return account ? touch(account) : undefined;
  };

  const upsert = (source: string, person: PersonData, profile: Profile): KnownAccount => {
    const key = personKey(source, person.externalId);
    const email = cleanEmail(person.email);
    const existing = context.accounts.get(key);
    if (!existing) {
      const created: KnownAccount = {
        id: context.newId(),
        key,
        source,
        externalId: person.externalId,
        username: null,
        firstName: person.firstName,
        lastName: person.lastName,
        email: email ?? null,
        profile,
        preDeleted: false,
        schoolIds: [],
        classIds: [],
      };
      context.accounts.set(key, created);
      byId.set(created.id, created);
      plan.creates.push(created);
      return touch(created);
    }
    const staffSwitch = existing.profile !== profile && (['teacher', 'personnel'] as Array<Profile | null>).includes(existing.profile);
    const changed =
      existing.firstName !== person.firstName ||
      existing.lastName !== person.lastName ||
      (email !== undefined && existing.email !== email) ||
      staffSwitch;
    if (changed) {
      existing.firstName = person.firstName;
      existing.lastName = person.lastName;
      if (email !== undefined) existing.email = email;
      if (staffSwitch) existing.profile = profile;
      if (!plan.creates.includes(existing)) plan.updated.add(existing.id);
    }
    return touch(existing);
  };

  const setMembership = (account: KnownAccount, schoolIds: string[], classIds: string[]) => {
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
    if (same(account.schoolIds, schoolIds) && same(account.classIds, classIds)) return;
    account.schoolIds = [...new Set(schoolIds)];
    account.classIds = [...new Set(classIds)];
    plan.memberships.add(account.id);
  };

  const comeBack = (account: KnownAccount) => {
    if (account.preDeleted || context.preDeletedIds.has(account.id)) {
      account.preDeleted = false;
      context.preDeletedIds.delete(account.id);
      plan.preDelete.delete(account.id);
      plan.restore.add(account.id);
    }
  };

  const leave = (account: KnownAccount) => {
    if (account.preDeleted || context.preDeletedIds.has(account.id)) return;
    account.preDeleted = true;
    context.preDeletedIds.add(account.id);
    plan.restore.delete(account.id);
    plan.preDelete.add(account.id);
  };

  const ordered = [...events].sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  for (const event of ordered) {
    const at = new Date(event.occurredAt);
    const school = 'school' in event ? context.schoolByUai.get(event.school.uai) : undefined;
    if ('school' in event && !school) {
      plan.poison.push({ event, reason: `unknown school: no school has the UAI ${event.school.uai}` });
      continue;
    }
    switch (event.type) {
      case 'student.enrolled': {
        const key = personKey(event.source, event.student.externalId);
        if (isStale(key, at)) {
          plan.stale.push(event);
          continue;
        }
        const student = upsert(event.source, event.student, 'student');
        setMembership(student, [school!], [context.classId(school!, event.className)!]);
        comeBack(student);
        for (const person of event.relatives) {
          const relativeKey = personKey(event.source, person.externalId);
          const relative = isStale(relativeKey, at) ? (known(event.source, person.externalId) ?? upsert(event.source, person, 'relative')) : upsert(event.source, person, 'relative');
          if (!linked.has(`${relative.id}/${student.id}`)) {
            linked.add(`${relative.id}/${student.id}`);
            plan.links.push({ relativeId: relative.id, studentId: student.id });
          }
          comeBack(relative);
          if (!isStale(relativeKey, at)) plan.versions.set(relativeKey, at);
        }
        plan.versions.set(key, at);
        break;
      }
      case 'student.transferred': {
        const key = personKey(event.source, event.student.externalId);
        const student = known(event.source, event.student.externalId);
        if (!student) {
          plan.poison.push({ event, reason: `unknown student: ${event.source}/${event.student.externalId} was never enrolled` });
          continue;
        }
        if (isStale(key, at)) {
          plan.stale.push(event);
          continue;
        }
        setMembership(student, [school!], [context.classId(school!, event.className)!]);
        plan.versions.set(key, at);
        break;
      }
      case 'student.left': {
        const key = personKey(event.source, event.student.externalId);
        const student = known(event.source, event.student.externalId);
        // Gone already (purged) or never known: nothing left to do.
        if (!student || isStale(key, at)) {
          plan.stale.push(event);
          continue;
        }
        leave(student);
        // Relatives leave with their last child (links known before this batch, or made in it).
        const relatives = new Set([
          ...(context.relativesOf.get(student.id) ?? []),
          ...plan.links.filter((l) => l.studentId === student.id).map((l) => l.relativeId),
        ]);
        for (const relativeId of relatives) {
          const children = [
            ...(context.childrenOf.get(relativeId) ?? []),
            ...plan.links.filter((l) => l.relativeId === relativeId).map((l) => l.studentId),
          ];
          const relative = byId.get(relativeId);
          if (relative && children.every((child) => context.preDeletedIds.has(child))) leave(touch(relative));
        }
        plan.versions.set(key, at);
        break;
      }
      case 'staff.assigned': {
        const key = personKey(event.source, event.staff.externalId);
        if (isStale(key, at)) {
          plan.stale.push(event);
          continue;
        }
        const staff = upsert(event.source, event.staff, event.profile);
        const otherClasses = staff.classIds.filter((id) => context.schoolOfClass(id) !== school);
        const classes = event.classNames.map((name) => context.classId(school!, name)!);
        setMembership(staff, [...staff.schoolIds.filter((id) => id !== school), school!], [...otherClasses, ...classes]);
        comeBack(staff);
        plan.versions.set(key, at);
        break;
      }
      case 'staff.left': {
        const key = personKey(event.source, event.staff.externalId);
        const staff = known(event.source, event.staff.externalId);
        if (!staff || isStale(key, at)) {
          plan.stale.push(event);
          continue;
        }
        setMembership(
          staff,
          staff.schoolIds.filter((id) => id !== school),
          staff.classIds.filter((id) => context.schoolOfClass(id) !== school),
        );
        if (staff.schoolIds.length === 0) leave(staff);
        plan.versions.set(key, at);
        break;
      }
    }
    plan.applied.push(event);
  }
  return plan;
}

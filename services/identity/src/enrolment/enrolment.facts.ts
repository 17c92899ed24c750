import type { Profile } from '@sesame/contracts';

/** A person of an information system: `source` + its `externalId`. */
export type PersonKey = string;
export const personKey = (source: string, externalId: string): PersonKey => `${source}\u0000${externalId}`;
export const splitPersonKey = (key: PersonKey): [source: string, externalId: string] => key.split('\u0000') as [string, string];

/**
 * Where an event stands in the stream's total order: occurredAt (to the millisecond), then eventId
 * for events of the same instant. Two copies of one event have the same version.
 */
export interface Version {
  at: number;
  eventId: string;
}

export const versionOf = (event: { occurredAt: string; eventId: string }): Version => ({
  at: Date.parse(event.occurredAt),
  eventId: event.eventId.toLowerCase(),
});

/** True when `a` comes after `b` (anything comes after nothing). */
export function isAfter(a: Version, b: Version | undefined): boolean {
  if (!b) return true;
  return a.at !== b.at ? a.at > b.at : a.eventId > b.eventId;
}

export const compareVersions = (a: Version, b: Version): number => (isAfter(a, b) ? 1 : isAfter(b, a) ? -1 : 0);

/**
 * What the information system last said about one fact of a person. Each fact is decided by its own
 * latest event, so an event that arrives late still sets the facts nothing newer has set, and the
 * result does not depend on the arrival order.
 */
export type FactValues = {
  names: { firstName: string; lastName: string; profile: Profile };
  email: { email: string | null };
  /** A student's school and class. */
  placement: { schoolId: string; classId: string };
  /** A student who left (pre-deleted), or is at school. */
  departure: { left: boolean };
  /** A staff member's assignment to one school (`school:<id>`), or their leaving it. */
  school: { assigned: boolean; classIds: string[] };
};
export type FactKind = keyof FactValues;
export type FactName = Exclude<FactKind, 'school'> | `school:${string}`;
export type FactValueOf<N extends FactName> = N extends `school:${string}` ? FactValues['school'] : FactValues[N & FactKind];

export interface Fact<N extends FactName = FactName> {
  version: Version;
  value: FactValueOf<N>;
}

export const schoolFact = (schoolId: string): `school:${string}` => `school:${schoolId}`;
export const schoolOfFact = (name: FactName): string | undefined => (name.startsWith('school:') ? name.slice('school:'.length) : undefined);

/** Every fact known for the people of a batch: those stored, and those the batch changes. */
export class FactBook {
  private readonly changes = new Map<string, { key: PersonKey; name: FactName; fact: Fact }>();

  constructor(private readonly facts: Map<PersonKey, Map<FactName, Fact>> = new Map()) {}

  get<N extends FactName>(key: PersonKey, name: N): Fact<N> | undefined {
    return this.facts.get(key)?.get(name) as Fact<N> | undefined;
  }

  /** The facts of one person, by name. */
  of(key: PersonKey): Map<FactName, Fact> {
    return this.facts.get(key) ?? new Map();
  }

  /** Records what an event says about a fact; true when it is now the latest word on it. */
  offer<N extends FactName>(key: PersonKey, name: N, version: Version, value: FactValueOf<N>): boolean {
    if (!isAfter(version, this.get(key, name)?.version)) return false;
    const facts = this.facts.get(key) ?? new Map<FactName, Fact>();
    this.facts.set(key, facts);
    const fact = { version, value } as Fact;
    facts.set(name, fact);
    this.changes.set(`${key}\u0001${name}`, { key, name, fact });
    return true;
  }

  /** True when the batch changed this fact of this person. */
  changed(key: PersonKey, name: FactName): boolean {
    return this.changes.has(`${key}\u0001${name}`);
  }

  /** The facts to store: the latest of each fact the batch changed. */
  get changedFacts(): Array<{ key: PersonKey; name: FactName; fact: Fact }> {
    return [...this.changes.values()];
  }
}

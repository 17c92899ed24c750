import type { Profile } from '@sesame/contracts/src/identity/accounts.schema';
import { parisDay, parisNoon } from './departure';
import type { LifecycleSimulation, SimulationRequest } from './lifecycle-api';

/**
 * The simulator's form: a school (none: all those of the caller's scope), profiles, classes, a day
 * (yyyy-mm-dd), and whether accounts already deactivated or pre-deleted count (the accounts list leaves them out).
 */
export interface SimulatorValues {
  schoolId?: string | null;
  profiles?: Profile[] | null;
  classIds?: string[] | null;
  leftAt?: string | null;
  withInactive?: boolean;
}

/**
 * What POST /lifecycle/simulate is sent for the form: the selection as the accounts list filters it
 * (classes only within the chosen school), and the departure at noon in Paris of the day chosen —
 * a day to come is fine, it is a simulation. Today, or no day, is the present moment.
 */
export function simulationRequest(values: SimulatorValues, today: string = parisDay()): SimulationRequest {
  const filter: SimulationRequest['filter'] = {};
  if (values.schoolId) filter.schoolId = values.schoolId;
  if (values.profiles?.length) filter.profiles = values.profiles;
  if (values.schoolId && values.classIds?.length) filter.classIds = values.classIds;
  if (values.withInactive) Object.assign(filter, { deactivated: 'include', preDeleted: 'include' });
  return values.leftAt && values.leftAt !== today ? { filter, leftAt: parisNoon(values.leftAt) } : { filter };
}

type Group = LifecycleSimulation['groups'][number];

/** Which label of `sesame.lifecycle.simulator.situations` says where a group of accounts stands. */
export type Situation = 'simulated' | 'leaving' | 'deactivated' | 'preDeleted';

export function situationOf(group: Group): Situation {
  return ({ active: 'simulated', leaving: 'leaving', deactivated: 'deactivated', pre_deleted: 'preDeleted' } as const)[group.step];
}

/**
 * One sentence of the answer (`sesame.lifecycle.simulator.sentences.<key>`): how many accounts, then
 * per pair of dates how many would leave on the day chosen and how many follow a departure already
 * recorded, then the staff no calendar applies to.
 */
export interface SimulationSentence {
  key: 'empty' | 'total' | 'simulated' | 'recorded' | 'outside';
  count: number;
  deactivateOn?: string;
  deleteOn?: string;
}

export function simulationSentences(simulation: LifecycleSimulation): SimulationSentence[] {
  if (simulation.total === 0) return [{ key: 'empty', count: 0 }];
  const byDates = new Map<string, SimulationSentence>();
  for (const group of simulation.groups) {
    const key = group.hypothetical ? 'simulated' : 'recorded';
    const id = `${key} ${group.deactivateOn} ${group.deleteOn}`;
    const sentence = byDates.get(id) ?? { key, count: 0, deactivateOn: group.deactivateOn, deleteOn: group.deleteOn };
    sentence.count += group.count;
    byDates.set(id, sentence);
  }
  const dated = [...byDates.values()].sort((a, b) => a.deactivateOn!.localeCompare(b.deactivateOn!) || a.deleteOn!.localeCompare(b.deleteOn!) || a.key.localeCompare(b.key));
  const outside: SimulationSentence[] = simulation.outside > 0 ? [{ key: 'outside', count: simulation.outside }] : [];
  return [{ key: 'total', count: simulation.total }, ...dated, ...outside];
}

import type { LifecycleSimulation } from './lifecycle-api';
import { simulationRequest, simulationSentences, situationOf } from './simulator';

const group = (over: Partial<LifecycleSimulation['groups'][number]> = {}): LifecycleSimulation['groups'][number] => ({
  profile: 'student',
  step: 'active',
  hypothetical: true,
  deactivateOn: '2027-07-14T00:00:00.000Z',
  deleteOn: '2027-09-02T00:00:00.000Z',
  count: 1,
  ...over,
});

describe('what the simulator asks', () => {
  it('sends the school, the profiles and the school’s classes as the accounts list filters them', () => {
    expect(simulationRequest({ schoolId: 's', profiles: ['student'], classIds: ['c'], leftAt: '2026-12-06' }, '2026-12-06')).toEqual({
      filter: { schoolId: 's', profiles: ['student'], classIds: ['c'] },
    });
  });

  it('counts the accounts deactivated or pre-deleted when asked to', () => {
    expect(simulationRequest({ withInactive: true }, '2026-12-06')).toEqual({ filter: { deactivated: 'include', preDeleted: 'include' } });
  });

  it('leaves out what was not chosen, and classes without a school', () => {
    expect(simulationRequest({ schoolId: null, profiles: [], classIds: ['c'], leftAt: null }, '2026-12-06')).toEqual({ filter: {} });
  });

  it('sends another day, past or to come, as its noon in Paris; today is the present moment', () => {
    expect(simulationRequest({ leftAt: '2027-07-04' }, '2026-12-06')).toEqual({ filter: {}, leftAt: '2027-07-04T12:00:00+02:00' });
    expect(simulationRequest({ leftAt: '2026-11-04' }, '2026-12-06')).toEqual({ filter: {}, leftAt: '2026-11-04T12:00:00+01:00' });
    expect(simulationRequest({ leftAt: '2026-12-06' }, '2026-12-06')).toEqual({ filter: {} });
  });
});

describe('the simulator’s answer', () => {
  it('names where each group stands', () => {
    expect(situationOf(group())).toBe('simulated');
    expect(situationOf(group({ step: 'leaving', hypothetical: false }))).toBe('leaving');
    expect(situationOf(group({ step: 'deactivated', hypothetical: false }))).toBe('deactivated');
    expect(situationOf(group({ step: 'pre_deleted', hypothetical: false }))).toBe('preDeleted');
  });

  it('says the total, then per pair of dates those who would leave and those already leaving, then the staff apart', () => {
    const simulation: LifecycleSimulation = {
      total: 412,
      outside: 3,
      groups: [
        group({ step: 'leaving', hypothetical: false, deactivateOn: '2027-01-10T00:00:00.000Z', deleteOn: '2027-03-01T00:00:00.000Z', count: 9 }),
        group({ count: 380 }),
        group({ profile: 'teacher', count: 20 }),
      ],
    };
    expect(simulationSentences(simulation)).toEqual([
      { key: 'total', count: 412 },
      { key: 'recorded', count: 9, deactivateOn: '2027-01-10T00:00:00.000Z', deleteOn: '2027-03-01T00:00:00.000Z' },
      { key: 'simulated', count: 400, deactivateOn: '2027-07-14T00:00:00.000Z', deleteOn: '2027-09-02T00:00:00.000Z' },
      { key: 'outside', count: 3 },
    ]);
  });

  it('says when the selection has no account, and says nothing of staff when there is none', () => {
    expect(simulationSentences({ total: 0, outside: 0, groups: [] })).toEqual([{ key: 'empty', count: 0 }]);
    expect(simulationSentences({ total: 1, outside: 0, groups: [group()] }).map((s) => s.key)).toEqual(['total', 'simulated']);
  });
});

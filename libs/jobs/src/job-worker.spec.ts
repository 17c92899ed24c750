import type { JobQueueDefinition } from '@sesame/contracts';
import { z } from 'zod';
import { handlersByName } from './job-worker';

const QUEUE = {
  name: 'identity-chores',
  owner: 'identity',
  jobs: {
    sweep: { name: 'sweep', data: z.object({}) },
    count: { name: 'count', data: z.object({ n: z.number() }) },
  },
} as const satisfies JobQueueDefinition;

const handle = async () => undefined;

describe('the boot check of a worker', () => {
  it('takes one handler for each job of the queue, by job name', () => {
    const byName = handlersByName('identity-chores', QUEUE, { sweep: { handle }, count: { handle } });
    expect([...byName.keys()]).toEqual(['sweep', 'count']);
    expect(byName.get('count')!.job).toBe(QUEUE.jobs.count);
  });

  it('refuses a job without a handler', () => {
    expect(() => handlersByName('identity-chores', QUEUE, { sweep: { handle } })).toThrow('identity-chores: no handler for job count');
  });

  it('refuses two handlers for one job name', () => {
    const twice = { ...QUEUE, jobs: { ...QUEUE.jobs, again: { name: 'sweep', data: z.object({}) } } };
    expect(() => handlersByName('identity-chores', twice, { sweep: { handle }, count: { handle }, again: { handle } })).toThrow(
      'identity-chores: two handlers for job sweep',
    );
  });

  it('refuses a handler for a job the queue does not have, and a queue that is not the one defined', () => {
    expect(() => handlersByName('identity-chores', QUEUE, { sweep: { handle }, count: { handle }, swep: { handle } })).toThrow(
      'identity-chores: a handler for swep, which is no job of the queue',
    );
    expect(() => handlersByName('mailmerge-chores', QUEUE, { sweep: { handle }, count: { handle } })).toThrow(
      'identity-chores: the queue is mailmerge-chores, not identity-chores',
    );
  });
});

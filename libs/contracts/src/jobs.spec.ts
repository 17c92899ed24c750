import { JOB_QUEUES } from './jobs';

describe('the BullMQ queues and their jobs', () => {
  it('keeps the names of the deployed queues and jobs (keys in Redis: never renamed)', () => {
    const names = Object.fromEntries(Object.values(JOB_QUEUES).map((queue) => [queue.name, Object.values(queue.jobs).map((job) => job.name)]));
    expect(names).toEqual({
      'identity-maintenance': ['purge-pre-deleted', 'fold-selection-tallies', 'fill-login-skeletons', 'advance-lifecycle'],
      'identity-feeds': ['diff-feed', 'apply-feed', 'purge-feeds'],
      'identity-imports': ['purge-stale-import-staging'],
      'importer-imports': ['validate', 'import'],
      'importer-feeds': ['read-feed'],
      'importer-maintenance': ['purge-expired-imports', 'fail-stalled-imports', 'purge-feed-files'],
      'mailmerge-campaigns': ['run-campaign'],
      'mailmerge-campaign-emails': ['send-campaign-email'],
      'mailmerge-maintenance': ['purge-campaign-documents'],
    });
  });

  it('names each queue after its owner, and each job once in its queue', () => {
    for (const queue of Object.values(JOB_QUEUES)) {
      expect(queue.name.startsWith(`${queue.owner}-`)).toBe(true);
      const jobs = Object.values(queue.jobs).map((job) => job.name);
      expect(new Set(jobs).size).toBe(jobs.length);
    }
  });

  it('refuses import jobs that carry anything but the import, the actor and a delegation', () => {
    const { validate } = JOB_QUEUES.importerImports.jobs;
    const data = { importId: '0b9d6bb0-3a55-4f4f-9a43-4a0e5e0d8f11', actor: { id: '5c1f3d2e-6c1a-4d7e-8d0b-2b2f6c1e9a10', role: 'administrator' }, delegation: 'd' };
    expect(validate.data.safeParse(data).success).toBe(true);
    expect(validate.data.safeParse({ ...data, token: 'an access token' }).success).toBe(false);
  });

  it('refuses feed jobs that carry anything but the feed, the actor and a delegation', () => {
    const { read } = JOB_QUEUES.importerFeeds.jobs;
    const data = { feedId: '0b9d6bb0-3a55-4f4f-9a43-4a0e5e0d8f11', actor: { id: '5c1f3d2e-6c1a-4d7e-8d0b-2b2f6c1e9a10', role: 'manager' }, delegation: 'd' };
    expect(read.data.safeParse(data).success).toBe(true);
    expect(read.data.safeParse({ ...data, token: 'an access token' }).success).toBe(false);
  });
});

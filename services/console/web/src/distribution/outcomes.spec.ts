import { SKIP_REASONS } from '@sesame/contracts';
import { campaignState, campaignTallies, recipientOutcome } from './outcomes';

describe('recipientOutcome: each recipient status as a sentence', () => {
  it.each([
    [{ status: 'printed', detail: null, attempts: 0 }, 'printed'],
    [{ status: 'sent', detail: null, attempts: 1 }, 'sent'],
    [{ status: 'claimed', detail: null, attempts: 1 }, 'claimed'],
    [{ status: 'pending', detail: null, attempts: 0 }, 'pending'],
    [{ status: 'uncertain', detail: 'attempt_interrupted', attempts: 2 }, 'uncertain'],
    [{ status: 'skipped', detail: 'deactivated', attempts: 0 }, 'skipped.deactivated'],
    [{ status: 'skipped', detail: 'pre_deleted', attempts: 0 }, 'skipped.pre_deleted'],
    [{ status: 'skipped', detail: 'no_email', attempts: 0 }, 'skipped.no_email'],
    [{ status: 'skipped', detail: 'activation_code_expired', attempts: 0 }, 'skipped.activation_code_expired'],
    [{ status: 'skipped', detail: 'no_activation_code', attempts: 0 }, 'skipped.no_activation_code'],
    [{ status: 'failed', detail: 'invalid_email', attempts: 1 }, 'failed.invalid_email'],
  ] as const)('%o → %s', (recipient, key) => {
    expect(recipientOutcome(recipient).key).toBe(key);
  });

  it('quotes the mail server’s answer of a permanent failure, with the number of attempts', () => {
    expect(recipientOutcome({ status: 'failed', detail: '550 5.1.1 Mailbox unavailable', attempts: 1 })).toEqual({
      key: 'failed.refused',
      args: { smart_count: 1, detail: '550 5.1.1 Mailbox unavailable' },
    });
  });

  it('says why an email waits after a transient failure', () => {
    expect(recipientOutcome({ status: 'pending', detail: '451 try later', attempts: 2 })).toEqual({ key: 'retrying', args: { smart_count: 2, detail: '451 try later' } });
  });

  it('knows every reason mailmerge leaves an account out for', () => {
    for (const reason of SKIP_REASONS) expect(recipientOutcome({ status: 'skipped', detail: reason, attempts: 0 }).key).toBe(`skipped.${reason}`);
  });

  it('keeps a skip reason it does not know, rather than hiding it', () => {
    expect(recipientOutcome({ status: 'skipped', detail: 'something_new', attempts: 0 })).toEqual({ key: 'skipped.other', args: { detail: 'something_new' } });
  });
});

describe('campaignState: where a campaign stands', () => {
  const counts = { selected: 10, pending: 4, printed: 5, sent: 0, skipped: 1, failed: 0, uncertain: 0 };

  it('counts what is done while running', () => {
    expect(campaignState({ status: 'running', channel: 'pdf', counts, document: null, error: null })).toEqual({ key: 'running.pdf', args: { done: 6, smart_count: 10 } });
  });

  it('gives the letters and pages of a finished PDF, or says that none was printed', () => {
    const done = { ...counts, pending: 0, printed: 9 };
    expect(campaignState({ status: 'completed', channel: 'pdf', counts: done, document: { pages: 4, bytes: 1, deletedAt: null }, error: null })).toEqual({
      key: 'completed.pdf',
      args: { smart_count: 9, pages: 4 },
    });
    expect(campaignState({ status: 'completed', channel: 'pdf', counts: { ...done, printed: 0, skipped: 10 }, document: null, error: null }).key).toBe('completed.noLetter');
  });

  it('names the reason of a failure', () => {
    expect(campaignState({ status: 'failed', channel: 'email', counts, document: null, error: 'service_unavailable' }).key).toBe('failed.service_unavailable');
    expect(campaignState({ status: 'failed', channel: 'email', counts, document: null, error: 'internal' }).key).toBe('failed.other');
  });
});

describe('campaignTallies', () => {
  it('says only the counts that are not zero, the channel’s own first', () => {
    const tallies = campaignTallies({ channel: 'email', counts: { selected: 5, pending: 0, printed: 0, sent: 2, skipped: 1, failed: 1, uncertain: 1 } });
    expect(tallies.map((t) => t.key)).toEqual(['selected', 'sent', 'skipped', 'failed', 'uncertain']);
  });
});

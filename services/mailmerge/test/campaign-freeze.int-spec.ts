import { randomUUID } from 'node:crypto';
import { DistributionRow, IdentityDistributionRpc, RpcInput, ServiceFailure } from '@sesame/contracts';
import { CallContext } from '@sesame/messaging';
import { DATABASE } from '@sesame/database';
import { MAILMERGE_CONFIG, MailmergeConfig } from '../src/config/mailmerge.config';
import { CampaignsRepository } from '../src/campaigns/campaigns.repository';
import { RecipientsRepository } from '../src/campaigns/recipients.repository';
import type { CampaignRow, Db } from '../src/database/schema';
import { freezeRanges, inRange } from '../src/distribution/freeze-ranges.rules';
import { SnapshotService } from '../src/distribution/snapshot.service';
import type { IdentityClient } from '../src/identity/identity.client';
import { MailmergeUnderTest, startMailmergeForTest } from './support/mailmerge';

type SelectInput = RpcInput<typeof IdentityDistributionRpc.select>;

/** Identity's side of the freeze: the selection by account id, a page per call; a call may be made to fail. */
class FakeIdentity {
  readonly calls: Array<{ input: SelectInput; context: CallContext }> = [];
  failing?: { call: number; error: Error };
  /** The accounts answered, in order. */
  readonly answered: string[] = [];
  /** The most calls answered at once. */
  mostAtOnce = 0;
  private atOnce = 0;

  constructor(private readonly rows: DistributionRow[]) {}

  async call(_definition: unknown, input: SelectInput, context: CallContext) {
    const call = this.calls.push({ input, context });
    this.mostAtOnce = Math.max(this.mostAtOnce, ++this.atOnce);
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (this.failing?.call === call) throw this.failing.error;
    } finally {
      this.atOnce--;
    }
    const page = this.rows.filter((r) => r.id > (input.after ?? '') && (!input.upTo || r.id <= input.upTo)).slice(0, input.limit);
    this.answered.push(...page.map((r) => r.id));
    return { caller: {}, rows: page, next: page.length === input.limit ? page[page.length - 1].id : null };
  }
}

/** Accounts in a random order of ids, named so that the letters' order (by name) is another. */
function selection(n: number): DistributionRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: randomUUID(),
    username: `eleve.${i}`,
    firstName: 'Élève',
    lastName: `N°${String(n - i).padStart(3, '0')}`,
    displayName: `Élève N°${i}`,
    role: 'member' as const,
    profile: 'student' as const,
    sortName: `n${String(n - i).padStart(3, '0')}\u0001eleve`,
    school: { uai: '0750001A', name: 'Collège A' },
    className: '6A',
    classes: ['6A'],
    activated: false,
    activationCode: `CODE-${i}`,
    activationCodeExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    email: null,
    locale: 'fr' as const,
    deactivated: false,
    preDeleted: false,
    children: i % 2 ? [{ name: 'Enfant Un', classes: ['5B'] }] : [],
  })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * The freeze of a campaign's selection (SnapshotService) against mailmerge's real database, with
 * identity's side played by a fake: pages copied in order while the next is read, resumed after the
 * last account copied when interrupted, nothing copied when identity refuses.
 */
describe('campaign freeze', () => {
  let mailmerge: MailmergeUnderTest;
  let db: Db;
  let config: MailmergeConfig;
  let campaigns: CampaignsRepository;
  let recipients: RecipientsRepository;

  beforeAll(async () => {
    mailmerge = await startMailmergeForTest({ DISTRIBUTION_PAGE_SIZE: '5' });
    db = mailmerge.app.get(DATABASE);
    config = mailmerge.app.get(MAILMERGE_CONFIG);
    campaigns = mailmerge.app.get(CampaignsRepository);
    recipients = mailmerge.app.get(RecipientsRepository);
  });

  afterAll(async () => {
    await mailmerge?.close();
  });

  const freezer = (identity: FakeIdentity, ranges = 1) =>
    new SnapshotService(db, { ...config, DISTRIBUTION_RANGES: ranges }, identity as unknown as IdentityClient, campaigns, recipients);

  async function newCampaign(): Promise<CampaignRow> {
    return campaigns.insert({
      id: randomUUID(),
      channel: 'pdf',
      layout: 1,
      locale: 'fr',
      sort: 'name',
      filter: { schoolId: randomUUID(), preDeleted: 'exclude', deactivated: 'exclude' },
      createdBy: { id: randomUUID(), username: 'direction', name: 'La direction', role: 'administrator' },
      schoolIds: [],
      launchDelegation: 'the delegation identity signed',
    });
  }

  const copied = (campaignId: string) =>
    db.selectFrom('campaign_recipients').select(['account_id', 'position', 'activation_code', 'children', 'status']).where('campaign_id', '=', campaignId).orderBy('account_id').execute();

  it('copies every page in order, each with the delegation and filter, then numbers the letters', async () => {
    const rows = selection(23);
    const identity = new FakeIdentity(rows);
    const campaign = await newCampaign();

    expect(await freezer(identity).freeze(campaign)).toBe(23);

    // Identity decides the selection: every call carries the campaign, its filter and its delegation.
    expect(identity.calls.map((c) => c.input.after)).toEqual([undefined, rows[4].id, rows[9].id, rows[14].id, rows[19].id]);
    for (const { input, context } of identity.calls) {
      expect(input).toMatchObject({ campaignId: campaign.id, filter: campaign.filter, limit: 5 });
      expect(context.delegation).toBe('the delegation identity signed');
    }
    const stored = await copied(campaign.id);
    expect(stored.map((r) => r.account_id)).toEqual(rows.map((r) => r.id));
    // Letters by name: the last account by name (N°001) comes first.
    const byName = [...rows].sort((a, b) => (a.sortName < b.sortName ? -1 : 1));
    expect(byName.map((r) => stored.find((s) => s.account_id === r.id)!.position)).toEqual(rows.map((_, i) => i + 1));
    const parent = rows.find((r) => r.children.length)!;
    const alone = rows.find((r) => !r.children.length)!;
    expect(stored.find((s) => s.account_id === parent.id)!.children).toEqual([{ name: 'Enfant Un', classes: ['5B'] }]);
    expect(stored.find((s) => s.account_id === alone.id)!.children).toBeNull();
    // Codes are kept sealed, and read back as they came.
    expect(stored.every((r) => r.activation_code && !r.activation_code.startsWith('CODE-'))).toBe(true);
    expect((await recipients.find(campaign.id, rows[7].id))!.activation_code).toBe(rows[7].activationCode);
    const running = await campaigns.find(campaign.id);
    expect(running).toMatchObject({ status: 'running', selected: 23, launch_delegation: null });
  });

  it('interrupted, resumes after the last account copied, and copies no account twice', async () => {
    const rows = selection(23);
    const campaign = await newCampaign();
    const interrupted = new FakeIdentity(rows);
    interrupted.failing = { call: 3, error: new ServiceFailure('service_unavailable') };

    await expect(freezer(interrupted).freeze(campaign)).rejects.toThrow(ServiceFailure);
    // The pages read before the failure are written, in order; nothing is numbered yet.
    const partial = await copied(campaign.id);
    expect(partial.map((r) => r.account_id)).toEqual(rows.slice(0, 10).map((r) => r.id));
    expect(partial.every((r) => r.position === null)).toBe(true);
    expect((await campaigns.find(campaign.id))!.status).toBe('preparing');

    const resumed = new FakeIdentity(rows);
    expect(await freezer(resumed).freeze(campaign)).toBe(23);
    expect(resumed.calls[0].input.after).toBe(rows[9].id);
    const stored = await copied(campaign.id);
    expect(stored.map((r) => r.account_id)).toEqual(rows.map((r) => r.id));
    expect(new Set(stored.map((r) => r.position)).size).toBe(23);
  });

  it('reads ranges of ids side by side; interrupted, resumes each after the last account it copied', async () => {
    const rows = selection(60);
    const campaign = await newCampaign();
    const ranges = freezeRanges(3);
    const interrupted = new FakeIdentity(rows);
    interrupted.failing = { call: 7, error: new ServiceFailure('service_unavailable') };

    await expect(freezer(interrupted, 3).freeze(campaign)).rejects.toThrow(ServiceFailure);
    expect(interrupted.mostAtOnce).toBeGreaterThan(1);
    // Each range holds the first accounts of its own, none missing before its last one.
    const partial = new Set((await copied(campaign.id)).map((r) => r.account_id));
    expect(partial.size).toBeGreaterThan(0);
    for (const range of ranges) {
      const own = rows.filter((r) => inRange(r.id, range)).map((r) => partial.has(r.id));
      expect(own.slice(0, own.lastIndexOf(true) + 1).every(Boolean)).toBe(true);
    }

    const resumed = new FakeIdentity(rows);
    expect(await freezer(resumed, 3).freeze(campaign)).toBe(60);
    // No account read twice: each range resumed after its last account copied.
    expect(resumed.answered.filter((id) => partial.has(id))).toEqual([]);
    expect(resumed.answered).toHaveLength(60 - partial.size);
    const stored = await copied(campaign.id);
    expect(stored.map((r) => r.account_id)).toEqual(rows.map((r) => r.id));
    expect(stored.map((r) => r.position).sort((a, b) => a! - b!)).toEqual(rows.map((_, i) => i + 1));
  });

  it('writes a page read again after a crash only once', async () => {
    const rows = selection(4);
    const campaign = await newCampaign();
    const { snapshotOf } = await import('../src/campaigns/recipient.rules');
    const page = rows.map((row) => snapshotOf(campaign.id, row, 'pdf', new Date()));
    await recipients.insertSnapshot(page);
    await recipients.insertSnapshot(page.slice(2));
    expect(await copied(campaign.id)).toHaveLength(4);
  });

  it('copies nothing when identity refuses the selection (the launcher lost the right, the scope changed)', async () => {
    const campaign = await newCampaign();
    const identity = new FakeIdentity(selection(12));
    identity.failing = { call: 1, error: new ServiceFailure('forbidden') };

    await expect(freezer(identity).freeze(campaign)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await copied(campaign.id)).toEqual([]);
    expect((await campaigns.find(campaign.id))!.status).toBe('preparing');
  });
});

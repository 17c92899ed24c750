import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEAD_LETTER_REASON_HEADER, EXCHANGES, MailmergeEvents, QUEUES, deadLetterQueueOf, namespaced } from '@sesame/contracts';
import { connect } from 'amqplib';
import { sql } from 'kysely';
import { PdfPage, flatTextIn, readPdfText, slotsOf, type MailmergeDatabase, DocumentsRetentionProcessor } from '@sesame/mailmerge/testing';
import { createDatabase } from '@sesame/database';
import { eventually } from '@sesame/testing';
import type { Api } from '../support/api';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { campaignWhen, download, launch, recipientsOf } from './campaigns.support';

const PUBLIC_URL = 'https://sesame.ac-test.fr';

/**
 * PDF campaigns through the gateway (SPEC §6): a school's letters read back from the PDF, every
 * layout, the rights of each role, and the distribution log that follows.
 */
describe('PDF campaigns', () => {
  let stack: Stack;
  let d: Directory;
  let admin: Api;
  let dir: string;
  const classes: Record<string, { id: string }> = {};
  const people: Record<string, { id: string; username: string; activationCode: string | null }> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sesame-campaigns-'));
    // Small pages: the selection is frozen over several calls to identity.
    stack = await startStack({ mailmerge: { DOCUMENTS_DIR: dir, PUBLIC_URL, DISTRIBUTION_PAGE_SIZE: '3' } });
    d = await seedDirectory(stack.api);
    admin = stack.api.as(d.tokens.administrator);
    for (const name of ['6B', '5A']) classes[name] = (await admin.post(`/api/v1/schools/${d.schoolA.id}/classes`, { name })).body;
    const add = async (key: string, body: object) => {
      const answer = await admin.post('/api/v1/users', { role: 'member', schoolIds: [d.schoolA.id], ...body });
      if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
      people[key] = answer.body;
    };
    await add('zoe', { profile: 'student', firstName: 'Zoé', lastName: 'Abadie', classIds: [classes['6B'].id], email: 'zoe@example.org' });
    await add('emile', { profile: 'student', firstName: 'Émile', lastName: 'Éluard', classIds: [classes['5A'].id] });
    await add('eric', { profile: 'student', firstName: 'Eric', lastName: 'Eluard', classIds: [classes['6B'].id] });
    await add('francois', { profile: 'student', firstName: 'François', lastName: 'Œuvray', classIds: [classes['5A'].id] });
    await add('paul', { profile: 'teacher', firstName: 'Paul', lastName: 'Martin', classIds: [classes['6B'].id, classes['5A'].id], email: 'paul@example.org' });
    await add('anne', { profile: 'relative', firstName: 'Anne', lastName: 'Abadie', childIds: [people.zoe.id], email: 'anne@example.org' });
    const activated = await stack.api.post('/api/v1/auth/activate', { username: people.emile.username, activationCode: people.emile.activationCode, password: 'le mot de passe d’Émile' });
    if (activated.status !== 200) throw new Error(JSON.stringify(activated.body));
    people.member = { id: d.memberA.id, username: d.memberA.username, activationCode: null };
  });

  afterAll(async () => {
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const selection = () => ({ schoolId: d.schoolA.id, profiles: ['student', 'relative', 'teacher'] });
  const whole = (page: PdfPage) => flatTextIn(page, { x: 0, y: 0, width: page.width, height: page.height });

  describe('one letter per sheet', () => {
    let pages: PdfPage[];
    let campaignId: string;

    beforeAll(async () => {
      const launched = await launch(admin, { filter: selection(), sort: 'class', channel: 'pdf', layout: 1, locale: 'fr' });
      campaignId = launched.id;
      expect(launched.status).toBe('preparing');
      const done = await campaignWhen(admin, campaignId);
      expect(done).toMatchObject({ status: 'completed', progress: 1, counts: { selected: 7, printed: 7, skipped: 0, pending: 0 } });
      const headers = await download(admin, campaignId, join(dir, 'layout-1.pdf'));
      expect(headers.get('content-type')).toBe('application/pdf');
      expect(headers.get('content-disposition')).toMatch(/^attachment; filename="sesame-courriers-\d{4}-\d\d-\d\d-[0-9a-f]{8}\.pdf"$/);
      pages = await readPdfText(join(dir, 'layout-1.pdf'));
      expect(done.document?.pages).toBe(pages.length);
    });

    it('opens each class with a cover sheet, then its letters in the order chosen', () => {
      // 3A: the seed's student; 5A: Éluard, Martin (first class 5A), Œuvray; 6B: Abadie Anne (Zoé's class), Abadie Zoé, Eluard Eric.
      expect(pages).toHaveLength(3 + 7);
      const heads = pages.map((page) => whole(page));
      expect(heads[0]).toContain('Courriers de la classe 3A');
      expect(heads[2]).toContain('Courriers de la classe 5A');
      expect(heads[2]).toContain('Cette liasse contient 3 courriers, imprimés sur 3 feuilles.');
      expect(heads[6]).toContain('Courriers de la classe 6B');
      const owners = ['member', 'emile', 'paul', 'francois', 'anne', 'zoe', 'eric'];
      const letterPages = heads.filter((_, i) => ![0, 2, 6].includes(i));
      owners.forEach((key, i) => expect(letterPages[i]).toContain(`Identifiant : ${people[key].username}`));
    });

    it('prints the right login and code on each letter, with accents intact', () => {
      const letters = pages.map(whole).filter((text) => text.includes('Identifiant'));
      const of = (key: string) => letters.find((text) => text.includes(`Identifiant : ${people[key].username}`))!;
      for (const key of ['zoe', 'eric', 'francois', 'paul', 'anne']) {
        expect(of(key)).toContain('Activation de votre compte Sesame');
        expect(of(key)).toContain(`Code d’activation : ${people[key].activationCode}`);
        // The address may run over two lines.
        expect(of(key).replace(/ /g, '')).toContain(`${PUBLIC_URL}/activate?login=${encodeURIComponent(people[key].username)}`);
        for (const other of Object.keys(people).filter((k) => k !== key && people[k].activationCode)) expect(of(key)).not.toContain(people[other].activationCode!);
      }
      expect(of('francois')).toContain('François Œuvray');
      expect(of('francois')).toContain('Classe : 5A');
      expect(of('paul')).toContain('Classes : 5A, 6B');
      expect(of('zoe')).toContain('Zoé Abadie');
      expect(of('zoe')).toContain(d.schoolA.name);
      expect(of('zoe')).toContain('l’appareil photo d’un téléphone');
    });

    it('gives activated accounts a reminder instead of a code', () => {
      const emile = pages.map(whole).find((text) => text.includes(`Identifiant : ${people.emile.username}`))!;
      expect(emile).toContain('Émile Éluard');
      expect(emile).toContain('Votre compte Sesame est déjà activé');
      expect(emile).toContain('adressez-vous à l’administrateur de votre établissement');
      expect(emile).not.toContain('Code d’activation');
    });

    it('lists each recipient as printed, and keeps when and how each account was distributed', async () => {
      const recipients = await recipientsOf(admin, campaignId);
      expect(recipients.map((r) => r.username)).toEqual(['member', 'emile', 'paul', 'francois', 'anne', 'zoe', 'eric'].map((k) => people[k].username));
      expect(new Set(recipients.map((r) => r.status))).toEqual(new Set(['printed']));
      const zoe = await eventually(async () => {
        const view = (await admin.get(`/api/v1/users/${people.zoe.id}`)).body;
        return view.lastDistributedAt ? view : undefined;
      }, 10_000, 'the distribution recorded by identity');
      expect(zoe.lastDistributionChannel).toBe('pdf');
      const never = await admin.get(`/api/v1/users?schoolId=${d.schoolA.id}&neverDistributed=true&pageSize=500`);
      const neverIds = never.body.items.map((u: { id: string }) => u.id);
      for (const key of Object.keys(people)) expect(neverIds).not.toContain(people[key].id);
      expect(neverIds).toContain(d.adminA.id);
      const listed = await admin.get(`/api/v1/users?schoolId=${d.schoolA.id}&profile=student&pageSize=500`);
      expect(listed.body.items.find((u: { id: string }) => u.id === people.eric.id).lastDistributedAt).toEqual(zoe.lastDistributedAt);
    });

    it('keeps the latest distribution when an event comes again or late, and dead-letters a broken one', async () => {
      const before = (await admin.get(`/api/v1/users/${people.zoe.id}`)).body;
      const connection = await connect(stack.isolation.services.amqpUrl);
      try {
        const channel = await connection.createConfirmChannel();
        const publish = (envelope: object) => {
          channel.publish(namespaced(stack.isolation.namespace, EXCHANGES.events), MailmergeEvents.campaignDistributed.type, Buffer.from(JSON.stringify(envelope)), { persistent: true });
          return channel.waitForConfirms();
        };
        const late = { campaignId: randomUUID(), channel: 'email', accountIds: [people.zoe.id], at: '2025-01-01T00:00:00.000Z' };
        const envelope = { id: randomUUID(), type: MailmergeEvents.campaignDistributed.type, version: 1, occurredAt: new Date().toISOString(), data: late };
        await publish(envelope);
        await publish(envelope);
        await publish({ ...envelope, id: randomUUID(), data: { ...late, accountIds: ['not-a-uuid'] } });
        const dead = namespaced(stack.isolation.namespace, deadLetterQueueOf(QUEUES.identityDistributions));
        const reason = await eventually(async () => {
          const message = await channel.get(dead, { noAck: true });
          return message ? String(message.properties.headers?.[DEAD_LETTER_REASON_HEADER]) : undefined;
        }, 10_000, 'the broken event dead-lettered');
        expect(reason).toContain('invalid data');
      } finally {
        await connection.close();
      }
      const after = (await admin.get(`/api/v1/users/${people.zoe.id}`)).body;
      expect(after.lastDistributedAt).toBe(before.lastDistributedAt);
      expect(after.lastDistributionChannel).toBe('pdf');
    });
  });

  it('puts eight letters on a sheet, each in its slot, and two per sheet in English', async () => {
    const eight = await launch(admin, { filter: selection(), sort: 'class', channel: 'pdf', layout: 8 });
    const two = await launch(admin, { filter: { ...selection(), classIds: [classes['6B'].id] }, sort: 'class', channel: 'pdf', layout: 2, locale: 'en' });
    await campaignWhen(admin, eight.id);
    await campaignWhen(admin, two.id);
    await download(admin, eight.id, join(dir, 'layout-8.pdf'));
    await download(admin, two.id, join(dir, 'layout-2.pdf'));

    const pages8 = await readPdfText(join(dir, 'layout-8.pdf'));
    // Covers of 3A, 5A, 6B, each class on its own sheet: 1 + 3 + 3 letters on 3 sheets.
    expect(pages8).toHaveLength(3 + 3);
    const slots = slotsOf(8);
    const fiveA = pages8[3];
    expect(flatTextIn(fiveA, slots[0])).toContain(`Identifiant : ${people.emile.username}`);
    expect(flatTextIn(fiveA, slots[1])).toContain(`Identifiant : ${people.paul.username}`);
    expect(flatTextIn(fiveA, slots[1])).toContain(`Code d’activation : ${people.paul.activationCode}`);
    expect(flatTextIn(fiveA, slots[2])).toContain(`Code d’activation : ${people.francois.activationCode}`);
    expect(flatTextIn(fiveA, slots[3])).toBe('');

    const pages2 = await readPdfText(join(dir, 'layout-2.pdf'));
    // Selected through 6B, Paul's letter is filed under 6B (not 5A, his first class): Anne, Zoé,
    // Eric, Paul by name, after one cover, on two sheets.
    expect(pages2).toHaveLength(1 + 2);
    expect(whole(pages2[0])).toContain('Letters for class 6B');
    expect(flatTextIn(pages2[1], slotsOf(2)[0])).toContain(`Activation code: ${people.anne.activationCode}`);
    expect(flatTextIn(pages2[2], slotsOf(2)[1])).toContain(`Username: ${people.paul.username}`);
  });

  it('leaves out an account whose activation code has expired, and says why', async () => {
    await sql`UPDATE accounts SET activation_code_expires_at = now() - interval '1 day' WHERE id = ${people.eric.id}`.execute(stack.identityDb);
    const campaign = await launch(admin, { filter: { ...selection(), classIds: [classes['6B'].id] }, channel: 'pdf', layout: 8 });
    const done = await campaignWhen(admin, campaign.id);
    expect(done.counts).toMatchObject({ selected: 4, printed: 3, skipped: 1 });
    const eric = (await recipientsOf(admin, campaign.id)).find((r) => r.accountId === people.eric.id);
    expect(eric).toMatchObject({ status: 'skipped', detail: 'activation_code_expired' });
    await sql`UPDATE accounts SET activation_code_expires_at = now() + interval '90 days' WHERE id = ${people.eric.id}`.execute(stack.identityDb);
  });

  it('deletes a document past its retention delay, and abandoned renderings, keeping the campaign', async () => {
    const campaign = await launch(admin, { filter: { ...selection(), classIds: [classes['5A'].id] }, channel: 'pdf', layout: 2 });
    await campaignWhen(admin, campaign.id);
    const kept = await launch(admin, { filter: { ...selection(), classIds: [classes['5A'].id] }, channel: 'pdf', layout: 8 });
    await campaignWhen(admin, kept.id);
    // The first one written 91 days ago; a rendering whose replica died 3 hours ago, and one going on.
    const db = createDatabase<MailmergeDatabase>({ url: stack.env.mailmerge!.DATABASE_URL });
    const retention = stack.mailmerge!.get(DocumentsRetentionProcessor);
    try {
      await sql`UPDATE campaigns SET finished_at = now() - interval '91 days' WHERE id = ${campaign.id}`.execute(db);
      const abandoned = join(dir, `${randomUUID()}.pdf.partial`);
      const rendering = join(dir, `${randomUUID()}.pdf.partial`);
      await writeFile(abandoned, '%PDF-1.3');
      await writeFile(rendering, '%PDF-1.3');
      const threeHoursAgo = new Date(Date.now() - 3 * 3_600_000);
      await utimes(abandoned, threeHoursAgo, threeHoursAgo);

      expect(await retention.purge()).toEqual({ documents: 1, partials: 1 });
      expect(existsSync(join(dir, `${campaign.id}.pdf`))).toBe(false);
      expect(existsSync(abandoned)).toBe(false);
      expect(existsSync(rendering)).toBe(true);
      expect(existsSync(join(dir, `${kept.id}.pdf`))).toBe(true);

      const gone = await admin.get(`/api/v1/campaigns/${campaign.id}/document`);
      expect(gone.status).toBe(409);
      expect(gone.body.detail).toBe(
        'Le document de cette campagne a été supprimé à la fin du délai de conservation ; lancez une nouvelle distribution pour obtenir des courriers à jour.',
      );
      const view = (await admin.get(`/api/v1/campaigns/${campaign.id}`)).body;
      expect(view).toMatchObject({ status: 'completed', counts: { printed: 3 } });
      expect(Date.parse(view.document.deletedAt)).toBeGreaterThan(Date.now() - 60_000);
      expect((await admin.get(`/api/v1/campaigns/${kept.id}`)).body.document.deletedAt).toBeNull();
      expect((await recipientsOf(admin, campaign.id)).every((r) => r.status === 'printed')).toBe(true);
      // Once is enough: the next run finds nothing.
      expect(await retention.purge()).toEqual({ documents: 0, partials: 0 });
      await rm(rendering);
    } finally {
      await db.destroy();
    }
  });

  describe('rights', () => {
    let campaignId: string;
    beforeAll(async () => {
      campaignId = (await launch(admin, { filter: { schoolId: d.schoolA.id, profiles: ['teacher'] }, channel: 'pdf' })).id;
      await campaignWhen(admin, campaignId);
    });

    it('refuses members', async () => {
      const member = stack.api.as(d.tokens.member);
      expect((await member.post('/api/v1/campaigns', { filter: {}, channel: 'pdf' })).status).toBe(403);
      expect((await member.get('/api/v1/campaigns')).status).toBe(403);
      expect((await member.get(`/api/v1/campaigns/${campaignId}`)).status).toBe(403);
    });

    it('refuses a campaign on another school or its classes', async () => {
      const adminB = stack.api.as(d.tokens.adminB);
      const refused = await adminB.post('/api/v1/campaigns', { filter: { schoolId: d.schoolA.id }, channel: 'pdf' });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect((await adminB.post('/api/v1/campaigns', { filter: { classIds: [classes['5A'].id] }, channel: 'email' })).status).toBe(403);
      expect((await stack.api.as(d.tokens.supervisor).post('/api/v1/campaigns', { filter: { schoolId: d.schoolB.id }, channel: 'pdf' })).status).toBe(403);
    });

    it('shows a campaign to its launcher, the manager and the supervisor of its school, not to another school', async () => {
      const adminB = stack.api.as(d.tokens.adminB);
      expect((await adminB.get(`/api/v1/campaigns/${campaignId}`)).status).toBe(403);
      expect((await adminB.get(`/api/v1/campaigns/${campaignId}/recipients`)).status).toBe(403);
      const document = await fetch(`${stack.api.baseUrl}/api/v1/campaigns/${campaignId}/document`, { headers: { authorization: `Bearer ${d.tokens.adminB}` } });
      expect(document.status).toBe(403);
      expect((await adminB.get('/api/v1/campaigns')).body.items.map((c: { id: string }) => c.id)).not.toContain(campaignId);
      for (const token of [d.tokens.manager, d.tokens.supervisor, d.tokens.administrator]) {
        const listed = await stack.api.as(token).get('/api/v1/campaigns');
        expect(listed.status).toBe(200);
        const item = listed.body.items.find((c: { id: string }) => c.id === campaignId);
        expect(item).toMatchObject({ channel: 'pdf', status: 'completed', createdBy: { id: d.adminA.id, username: d.adminA.username, role: 'administrator' } });
        expect(item.filter).toMatchObject({ schoolId: d.schoolA.id, profiles: ['teacher'], preDeleted: 'exclude' });
      }
    });

    it('lets the manager distribute across the académie, a campaign only the manager reads', async () => {
      const manager = stack.api.as(d.tokens.manager);
      const campaign = await launch(manager, { filter: { profiles: ['teacher', 'relative'] }, channel: 'pdf', layout: 8 });
      const done = await campaignWhen(manager, campaign.id);
      expect(done.counts).toMatchObject({ selected: 2, printed: 2 });
      expect(done.createdBy).toMatchObject({ role: 'manager' });
      expect((await admin.get(`/api/v1/campaigns/${campaign.id}`)).status).toBe(403);
      expect((await recipientsOf(manager, campaign.id)).map((r) => r.accountId).sort()).toEqual([people.paul.id, people.anne.id].sort());
    });

    it('lets a supervisor distribute in its administrator’s schools', async () => {
      const supervisor = stack.api.as(d.tokens.supervisor);
      const campaign = await launch(supervisor, { filter: { schoolId: d.schoolA.id, profiles: ['student'] }, channel: 'pdf', layout: 2 });
      expect((await campaignWhen(supervisor, campaign.id)).status).toBe('completed');
      expect((await admin.get(`/api/v1/campaigns/${campaign.id}`)).status).toBe(200);
    });

    it('refuses an empty selection, bad input and a document that does not exist', async () => {
      const empty = await admin.post('/api/v1/campaigns', { filter: { schoolId: d.schoolA.id, q: 'personne ne porte ce nom' }, channel: 'pdf' });
      expect(empty.status).toBe(409);
      expect(empty.body.detail).toBe('Votre sélection ne contient aucun compte : modifiez vos critères.');
      const badLayout = await admin.post('/api/v1/campaigns', { filter: {}, channel: 'pdf', layout: 3 });
      expect(badLayout.status).toBe(400);
      expect(badLayout.body.errors[0].field).toBe('layout');
      expect((await admin.post('/api/v1/campaigns', { filter: { school: 'x' }, channel: 'pdf' })).status).toBe(400);
      expect((await admin.post('/api/v1/campaigns', { filter: {}, channel: 'fax' })).status).toBe(400);
      expect((await admin.get('/api/v1/campaigns/not-a-uuid')).status).toBe(404);
      expect((await admin.get('/api/v1/campaigns/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    });
  });
});

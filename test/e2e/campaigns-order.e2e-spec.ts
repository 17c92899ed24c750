import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { PdfPage, flatTextIn, readPdfText } from '@sesame/mailmerge/testing';
import type { Api } from '../support/api';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { campaignWhen, download, launch, recipientsOf } from './campaigns.support';

/**
 * What a school administrator expects of a distribution (issue 14): accounts that cannot use their
 * letter left out and said so before launching, the letters in exactly the order chosen, profiles in
 * the French order, one letter per parent naming the children and their classes, the launcher named.
 */
describe('Campaigns: who is left out, and in what order the letters come', () => {
  let stack: Stack;
  let d: Directory;
  let admin: Api;
  let dir: string;
  const classes: Record<string, { id: string }> = {};
  const people: Record<string, { id: string; username: string }> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sesame-campaigns-order-'));
    stack = await startStack({ mailmerge: { DOCUMENTS_DIR: dir, DISTRIBUTION_PAGE_SIZE: '4' } });
    d = await seedDirectory(stack.api);
    // The seeded administrator, given a name: campaigns name their launcher by it.
    const named = await d.asManager.patch(`/api/v1/users/${d.adminA.id}`, { firstName: 'Claire', lastName: 'Moreau' });
    if (named.status !== 200) throw new Error(JSON.stringify(named.body));
    admin = stack.api.as(d.tokens.administrator);
    for (const name of ['6e B', '5e A']) classes[name] = (await admin.post(`/api/v1/schools/${d.schoolA.id}/classes`, { name })).body;
    const add = async (key: string, body: object) => {
      const answer = await admin.post('/api/v1/users', { role: 'member', schoolIds: [d.schoolA.id], ...body });
      if (answer.status !== 201) throw new Error(JSON.stringify(answer.body));
      people[key] = answer.body;
    };
    await add('zoe', { profile: 'student', firstName: 'Zoé', lastName: 'Abadie', classIds: [classes['6e B'].id], email: 'zoe@example.org' });
    await add('hugo', { profile: 'student', firstName: 'Hugo', lastName: 'Abadie', classIds: [classes['5e A'].id] });
    await add('anne', { profile: 'relative', firstName: 'Anne', lastName: 'Abadie', childIds: [people.zoe.id, people.hugo.id], email: 'anne@example.org' });
    await add('paul', { profile: 'teacher', firstName: 'Paul', lastName: 'Martin', classIds: [classes['5e A'].id], email: 'paul@example.org' });
    await add('gaelle', { profile: 'guest', firstName: 'Gaëlle', lastName: 'Durand' });
    await add('pierre', { profile: 'personnel', firstName: 'Pierre', lastName: 'Bernard' });
    await add('dana', { profile: 'student', firstName: 'Dana', lastName: 'Carpentier', classIds: [classes['6e B'].id] });
    await add('eve', { profile: 'student', firstName: 'Ève', lastName: 'Dupuis', classIds: [classes['5e A'].id] });
    await add('max', { profile: 'student', firstName: 'Max', lastName: 'Petit' });
    expect((await admin.post(`/api/v1/users/${people.dana.id}/deactivate`)).status).toBe(200);
    expect((await admin.post(`/api/v1/users/${people.eve.id}/pre-delete`)).status).toBe(200);
    await sql`UPDATE accounts SET activation_code_expires_at = now() - interval '1 day' WHERE id = ${people.max.id}`.execute(stack.identityDb);
    people.lea = { id: d.memberA.id, username: d.memberA.username };
  });

  afterAll(async () => {
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const members = ['student', 'teacher', 'guest', 'relative', 'personnel'];
  // Everybody, deactivated and pre-deleted accounts included by the filter.
  const everybody = () => ({ schoolId: d.schoolA.id, profiles: members, deactivated: 'include', preDeleted: 'include' });
  const whole = (page: PdfPage) => flatTextIn(page, { x: 0, y: 0, width: page.width, height: page.height });
  const ownerOf = (text: string) => Object.keys(people).find((key) => text.includes(`Identifiant : ${people[key].username} `));

  async function letters(campaign: { id: string }, file: string): Promise<string[]> {
    await download(admin, campaign.id, join(dir, file));
    return (await readPdfText(join(dir, file))).map(whole);
  }

  it('says before launching how many accounts will be left out and why', async () => {
    const pdf = await admin.post('/api/v1/campaigns/preview', { filter: everybody(), channel: 'pdf' });
    expect(pdf.status).toBe(200);
    // Léa (the seed's student) is activated: a reminder. Dana deactivated, Ève pre-deleted, Max's code expired.
    expect(pdf.body).toEqual({
      selected: 10,
      reached: 7,
      reminders: 1,
      leftOut: [
        { reason: 'deactivated', accounts: 1 },
        { reason: 'pre_deleted', accounts: 1 },
        { reason: 'activation_code_expired', accounts: 1 },
      ],
    });
    const email = await admin.post('/api/v1/campaigns/preview', { filter: everybody(), channel: 'email' });
    expect(email.body).toEqual({
      selected: 10,
      reached: 3,
      reminders: 0,
      leftOut: [
        { reason: 'deactivated', accounts: 1 },
        { reason: 'pre_deleted', accounts: 1 },
        { reason: 'no_email', accounts: 5 },
      ],
    });
    // The same refusals as launching.
    expect((await stack.api.as(d.tokens.adminB).post('/api/v1/campaigns/preview', { filter: { schoolId: d.schoolA.id }, channel: 'pdf' })).status).toBe(403);
    expect((await stack.api.as(d.tokens.member).post('/api/v1/campaigns/preview', { filter: {}, channel: 'pdf' })).status).toBe(403);
    expect((await admin.post('/api/v1/campaigns/preview', { filter: { nope: 1 }, channel: 'pdf' })).status).toBe(400);
  });

  describe('alphabetical across the selection', () => {
    let campaignId: string;
    let pages: string[];

    beforeAll(async () => {
      campaignId = (await launch(admin, { filter: everybody(), sort: 'name', channel: 'pdf', layout: 1 })).id;
      const done = await campaignWhen(admin, campaignId);
      expect(done.counts).toMatchObject({ selected: 10, printed: 7, skipped: 3 });
      pages = await letters(done, 'by-name.pdf');
    });

    it('leaves out deactivated and pre-deleted accounts although the filter includes them, and says why', async () => {
      const recipients = await recipientsOf(admin, campaignId);
      expect(recipients.find((r) => r.accountId === people.dana.id)).toMatchObject({ status: 'skipped', detail: 'deactivated' });
      expect(recipients.find((r) => r.accountId === people.eve.id)).toMatchObject({ status: 'skipped', detail: 'pre_deleted' });
      expect(recipients.find((r) => r.accountId === people.max.id)).toMatchObject({ status: 'skipped', detail: 'activation_code_expired' });
      expect(pages.join('\n')).not.toContain(people.dana.username);
      expect(pages.join('\n')).not.toContain(people.eve.username);
    });

    it('prints every letter in name order whatever the class, without cover sheets', () => {
      expect(pages.some((text) => text.includes('Courriers de la classe') || text.includes('Courriers des comptes sans classe'))).toBe(false);
      // Abadie Anne, Hugo, Zoé; Bernard; Durand; Martin Paul before Martin x… (the seed's Léa).
      expect(pages.map(ownerOf)).toEqual(['anne', 'hugo', 'zoe', 'pierre', 'gaelle', 'paul', 'lea']);
    });

    it('gives a parent of children in two classes one letter, naming the children and their classes', () => {
      const anne = pages.filter((text) => text.includes(people.anne.username));
      expect(anne).toHaveLength(1);
      expect(anne[0]).toContain('Enfants : Hugo Abadie (5e A), Zoé Abadie (6e B)');
      expect(pages.find((text) => ownerOf(text) === 'zoe')).toContain('Classe : 6e B');
    });

    it('names the launcher by name, not by login', async () => {
      const view = (await admin.get(`/api/v1/campaigns/${campaignId}`)).body;
      expect(view.createdBy).toMatchObject({ id: d.adminA.id, username: d.adminA.username, name: 'Claire Moreau', role: 'administrator' });
      const listed = (await admin.get('/api/v1/campaigns')).body.items.find((c: { id: string }) => c.id === campaignId);
      expect(listed.createdBy.name).toBe('Claire Moreau');
    });
  });

  it('sorts letters by profile in the French order of the labels, then by name', async () => {
    const campaign = await launch(admin, { filter: { schoolId: d.schoolA.id, profiles: members }, sort: 'profile', channel: 'pdf', layout: 1 });
    await campaignWhen(admin, campaign.id);
    const pages = await letters(campaign, 'by-profile.pdf');
    expect(pages.some((text) => text.includes('Courriers de la classe'))).toBe(false);
    // Élève (Abadie Hugo, Abadie Zoé, Martin Léa), Enseignant, Invité, Parent, Personnel.
    expect(pages.map(ownerOf)).toEqual(['hugo', 'zoe', 'lea', 'paul', 'gaelle', 'anne', 'pierre']);
  });

  it('files letters sorted by class under a cover sheet per class, naming the launcher', async () => {
    const campaign = await launch(admin, { filter: { schoolId: d.schoolA.id, profiles: members }, sort: 'class', channel: 'pdf', layout: 1 });
    await campaignWhen(admin, campaign.id);
    const pages = await letters(campaign, 'by-class.pdf');
    const covers = pages.map((text, i) => (text.includes('Cette liasse contient') ? i : -1)).filter((i) => i >= 0);
    const titles = ['Courriers de la classe 3A', 'Courriers de la classe 5e A', 'Courriers de la classe 6e B', 'Courriers des comptes sans classe'];
    expect(covers).toHaveLength(titles.length);
    titles.forEach((title, k) => expect(pages[covers[k]]).toContain(title));
    expect(pages[covers[0]]).toContain('par Claire Moreau');
    // Anne is filed under her first child's class (5e A), once.
    expect(pages.filter((_, i) => !covers.includes(i)).map(ownerOf)).toEqual(['lea', 'anne', 'hugo', 'paul', 'zoe', 'pierre', 'gaelle']);
  });

  it('lists accounts and reports profiles in the French order', async () => {
    const listed = await admin.get(`/api/v1/users?schoolId=${d.schoolA.id}&profile=${members.join(',')}&sort=profile&pageSize=50`);
    const profiles = listed.body.items.map((u: { profile: string }) => u.profile);
    expect(profiles.filter((p: string, i: number) => p !== profiles[i - 1])).toEqual(members);
    const report = await admin.get(`/api/v1/reports/activation?schoolId=${d.schoolA.id}`);
    expect(report.body.schools[0].byProfile.map((r: { profile: string }) => r.profile)).toEqual(members);
  });

  it('sorts the whole académie by profile for the manager, staff after', async () => {
    const listed = await stack.api.as(d.tokens.manager).get('/api/v1/users?sort=profile&pageSize=500');
    const keys = listed.body.items.map((u: { role: string; profile: string | null }) => u.profile ?? u.role);
    const runs = keys.filter((k: string, i: number) => k !== keys[i - 1]);
    expect(runs.slice(0, 5)).toEqual(members);
    expect(runs.slice(5).every((k: string) => ['administrator', 'manager', 'supervisor'].includes(k))).toBe(true);
  });

  it('names on a parent’s letter only the children of the launcher’s schools', async () => {
    // Anne's third child is at the other school: its administrator's letters do not name it.
    const sacha = await d.asManager.post('/api/v1/users', { role: 'member', profile: 'student', firstName: 'Sacha', lastName: 'Abadie', schoolIds: [d.schoolB.id] });
    expect(sacha.status).toBe(201);
    const linked = await d.asManager.patch(`/api/v1/users/${people.anne.id}`, { childIds: [people.zoe.id, people.hugo.id, sacha.body.id] });
    expect(linked.status).toBe(200);
    const filter = { ids: [people.anne.id] };
    const mine = await launch(admin, { filter, channel: 'pdf' });
    await campaignWhen(admin, mine.id);
    expect(await letters(mine, 'anne-admin.pdf')).toEqual([expect.stringContaining('Enfants : Hugo Abadie (5e A), Zoé Abadie (6e B) ')]);
    const manager = stack.api.as(d.tokens.manager);
    const all = await launch(manager, { filter, channel: 'pdf' });
    await campaignWhen(manager, all.id);
    await download(manager, all.id, join(dir, 'anne-manager.pdf'));
    const [letter] = (await readPdfText(join(dir, 'anne-manager.pdf'))).map(whole);
    expect(letter).toContain('Enfants : Hugo Abadie (5e A), Sacha Abadie, Zoé Abadie (6e B)');
  });
});

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@sesame/testing';
import type { Api } from '../support/api';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { byCategory, some } from '@sesame/identity/testing';
import { AafPerson, diffedFeed, feedIn, fixtureFiles, uploadFeed, writeAafDelivery } from './feeds-support';

const A = '0750001U';
const B = '0750002V';
const SCHOOLS = [{ uai: A, name: 'COLLEGE VICTOR HUGO' }, { uai: B, name: 'LYCEE CONDORCET' }];
const AAF_PARTS = ['EtabEducNat', 'PersRelEleve', 'PersEducNat'].map((entity) => `ok/aaf-2d/ENTAAF_Complet_20260901_${entity}_0000.xml`).flatMap(fixtureFiles);

/** Year 1: two schools, four students, three relatives (R2 linked with légal = 2), a teacher. */
const year1: AafPerson[] = [
  { key: 'S1', entity: 'Eleve', classes: [`${A}$6A`], relatives: ['R1$1'] },
  { key: 'S2', entity: 'Eleve', classes: [`${A}$6A`], relatives: ['R2$2'] },
  { key: 'S3', entity: 'Eleve', classes: [`${A}$6B`], relatives: ['R3$1'] },
  { key: 'S4', entity: 'Eleve', classes: [`${B}$5A`] },
  { key: 'R1', entity: 'PersRelEleve' },
  { key: 'R2', entity: 'PersRelEleve' },
  { key: 'R3', entity: 'PersRelEleve' },
  { key: 'T1', entity: 'PersEducNat', schools: [A], classes: [`${A}$6A`], profile: 'National_ENS' },
];

/** Year 2: one change of each category; S4 (school B's only fed account) gone, so B is held. */
const year2: AafPerson[] = [
  { key: 'S1', entity: 'Eleve', classes: [`${A}$6B`] },
  { key: 'S2', entity: 'Eleve', classes: [`${A}$6A`], relatives: ['R2$2'], lastName: 'Nouveau-Nom' },
  { key: 'S3', entity: 'Eleve', classes: [`${A}$6B`], relatives: ['R3$1'] },
  { key: 'S5', entity: 'Eleve', classes: [`${A}$6A`], relatives: ['R3$1'] },
  { key: 'R1', entity: 'PersRelEleve' },
  { key: 'R2', entity: 'PersRelEleve' },
  { key: 'R3', entity: 'PersRelEleve' },
  { key: 'T1', entity: 'PersEducNat', schools: [A], classes: [`${A}$6A`], profile: 'National_DOC', mail: 't1@ac-test.fr' },
];

/**
 * Issue 15 end to end: files uploaded through the gateway, streamed to the importer, read and staged
 * at identity, diffed, reviewed, confirmed and applied — with the refusals naming file, record and field.
 */
describe('académie feeds', () => {
  let stack: Stack;
  let dir: Directory;
  let manager: Api;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'feeds-e2e-'));
    stack = await startStack({ importer: { FEED_DIR: join(work, 'feed-dir'), FEED_CHUNK_RECORDS: '3' } });
    dir = await seedDirectory(stack.api);
    manager = stack.api.as(dir.tokens.manager);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    rmSync(work, { recursive: true, force: true });
  });

  describe('the formats (fixtures/feeds/ok)', () => {
    it.each([
      ['an AAF 2D delivery in two Eleve chunks', 'ok/aaf-2d', { kind: 'aaf' }, 7, 7],
      ['a zipped SIECLE export', 'ok/siecle.zip', { kind: 'school', uai: A }, null, 3],
      ['a SIECLE export in ISO-8859-15', 'ok/siecle', { kind: 'school', uai: A }, null, 2],
      ['an STS-web export', 'ok/sts_emp_0750001U_2026.xml', { kind: 'school', uai: A }, null, 1],
      ['an ONDE export whose headers carry stray spaces', 'ok/onde-0750010D.csv', { kind: 'school', uai: '0750010D' }, null, 1],
    ] as const)('reads %s to a diff', async (_what, path, fields, records, files) => {
      const feed = await diffedFeed(stack.api, dir.tokens.manager, fixtureFiles(path), fields);
      expect(feed).toMatchObject({ status: 'ready', kind: fields.kind, error: null, createdBy: { username: 'manager' } });
      expect(feed.files).toHaveLength(files);
      if (records !== null) expect(feed.records).toBe(records);
      else expect(feed.records).toBeGreaterThan(0);
      expect(feed.totals.new).toBeGreaterThan(0);
    });

    it('shows a zip’s entries among the feed’s files, and deletes the files once read', async () => {
      const feed = await diffedFeed(stack.api, dir.tokens.manager, fixtureFiles('ok/siecle.zip'), { kind: 'school', uai: A });
      expect([...feed.files].sort()).toEqual(['ElevesSansAdresses.xml', 'ResponsablesAvecAdresses.xml', 'siecle.zip']);
      expect(readdirSync(join(work, 'feed-dir'))).not.toContain(feed.id);
    });
  });

  describe('the refusals (fixtures/feeds/not-ok): the file, the record and the field, in a sentence', () => {
    it.each([
      ['a truncated AAF file', [...AAF_PARTS, ...fixtureFiles('not-ok/truncated_Complet_20260901_Eleve_0000.xml')], { kind: 'aaf' },
        { code: 'xml.truncated', file: 'truncated_Complet_20260901_Eleve_0000.xml' }, /^Fichier « truncated_Complet_20260901_Eleve_0000\.xml ».* : Ce fichier s’arrête avant sa fin/],
      ['a date that does not exist', [...AAF_PARTS, ...fixtureFiles('not-ok/malformed-date_Complet_20260901_Eleve_0000.xml')], { kind: 'aaf' },
        { code: 'date.malformed', file: 'malformed-date_Complet_20260901_Eleve_0000.xml', record: 'Eleve 1002', field: 'ENTPersonDateNaissance' },
        /^Fichier « malformed-date_Complet_20260901_Eleve_0000\.xml », Eleve 1002, champ « ENTPersonDateNaissance » : « 31\/02\/2012 » n’est pas une date/],
      ['an AAF delivery without its Eleve file', fixtureFiles('not-ok/missing-part'), { kind: 'aaf' },
        { code: 'delivery.missing_part', params: { expected: 'Eleve' } }, /il manque le fichier Eleve\.$/],
      ['a SIECLE export of another school', fixtureFiles('not-ok/wrong-uai'), { kind: 'school', uai: A },
        { code: 'file.wrong_uai', file: 'ElevesSansAdresses.xml', record: 'PARAMETRES', field: 'UAJ' },
        /^Fichier « ElevesSansAdresses\.xml », PARAMETRES, champ « UAJ » : Ce fichier est celui de l’établissement 0750002V, et non de l’établissement 0750001U/],
      ['a duplicate INE', fixtureFiles('not-ok/duplicate-ine'), { kind: 'school', uai: A },
        { code: 'record.duplicate_ine', file: 'ElevesSansAdresses.xml', record: 'ELEVE_ID 700002', field: 'ID_NATIONAL' }, /L’INE « 0000000011K » figure déjà dans cette livraison \(ELEVE_ID 700001\)/],
      ['an STS-web file with the wrong root', fixtureFiles('not-ok/wrong-root'), { kind: 'school', uai: A },
        { code: 'file.wrong_root', file: 'sts_emp_0750001U_2026.xml' }, /commence par l’élément « STS_EMP »/],
      ['a SIECLE file in an AAF delivery', [...fixtureFiles('ok/aaf-2d'), ...fixtureFiles('ok/siecle/ElevesSansAdresses.xml')], { kind: 'aaf' },
        { code: 'delivery.not_aaf', file: 'ElevesSansAdresses.xml' }, /une livraison AAF ne contient que des fichiers AAF/],
    ] as const)('refuses %s', async (_what, files, fields, error, message) => {
      const feed = await diffedFeed(stack.api, dir.tokens.manager, [...files], fields);
      expect(feed.status).toBe('failed');
      expect(feed.error).toMatchObject(error);
      expect(feed.error.message).toMatch(message);
    });

    it('says it in English after Accept-Language', async () => {
      const feed = await diffedFeed(stack.api, dir.tokens.manager, fixtureFiles('not-ok/wrong-uai'), { kind: 'school', uai: A }, 'en');
      expect(feed.error.message).toBe('File “ElevesSansAdresses.xml”, PARAMETRES, field “UAJ”: This file belongs to school 0750002V, not to school 0750001U: it is refused.');
    });

    it('refuses a form without its school, or without files, naming the field', async () => {
      const noUai = await uploadFeed(stack.api, dir.tokens.manager, fixtureFiles('ok/siecle'), { kind: 'school' });
      expect(noUai.status).toBe(400);
      expect(noUai.body.errors).toEqual([expect.objectContaining({ field: 'uai', code: 'feed.uai_required', message: 'Indiquez le code UAI de l’établissement dont vous chargez l’export.' })]);
      const noFiles = await uploadFeed(stack.api, dir.tokens.manager, [], { kind: 'aaf' });
      expect(noFiles.status).toBe(400);
      expect(noFiles.body.errors).toEqual([expect.objectContaining({ field: 'files', code: 'feed.files_required' })]);
      const json = await manager.post('/api/v1/feeds', { kind: 'aaf' });
      expect(json.status).toBe(400);
      expect(json.body.errors).toEqual([expect.objectContaining({ field: 'files', code: 'feed.files_required', message: 'Joignez au moins un fichier de la livraison (champ « files »).' })]);
    });
  });

  it('is described in the OpenAPI document, each route with its answers', async () => {
    const document = (await (await fetch(`${stack.api.baseUrl}/api/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, any>> };
    const routes = Object.entries(document.paths as Record<string, Record<string, any>>)
      .filter(([path]) => path.startsWith('/api/v1/feeds'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(routes).toEqual([
      'GET /api/v1/feeds',
      'GET /api/v1/feeds/{id}',
      'GET /api/v1/feeds/{id}/changes',
      'GET /api/v1/feeds/{id}/changes.csv',
      'GET /api/v1/feeds/{id}/undo',
      'POST /api/v1/feeds',
      'POST /api/v1/feeds/{id}/confirm',
      'POST /api/v1/feeds/{id}/undo',
    ]);
    const upload = document.paths['/api/v1/feeds'].post;
    expect(Object.keys(upload.requestBody.content)).toEqual(['multipart/form-data']);
    expect(upload.responses['202'].content['application/json'].schema.properties.error).toBeDefined();
    expect(document.paths['/api/v1/feeds/{id}/confirm'].post.responses).toHaveProperty('409');
  });

  describe('who may', () => {
    it('refuses an AAF delivery to an administrator, another school’s export to a school’s administrator, any feed to a supervisor', async () => {
      const siecle = fixtureFiles('ok/siecle');
      expect((await uploadFeed(stack.api, dir.tokens.administrator, fixtureFiles('ok/aaf-2d'), { kind: 'aaf' })).status).toBe(403);
      expect((await uploadFeed(stack.api, dir.tokens.adminB, siecle, { kind: 'school', uai: A })).status).toBe(403);
      expect((await uploadFeed(stack.api, dir.tokens.supervisor, siecle, { kind: 'school', uai: A })).status).toBe(403);
      expect((await stack.api.as(dir.tokens.supervisor).get('/api/v1/feeds')).status).toBe(403);
      // Its own school's export: accepted, and listed for its administrator.
      const own = await diffedFeed(stack.api, dir.tokens.administrator, siecle, { kind: 'school', uai: A });
      expect(own).toMatchObject({ status: 'ready', uai: A });
      const listed = await stack.api.as(dir.tokens.administrator).get('/api/v1/feeds?pageSize=200');
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((f: any) => f.id)).toContain(own.id);
    });
  });

  describe('year 1, then year 2: the diff, the guard, the apply', () => {
    let second: any;

    it('creates year 1’s accounts once confirmed', async () => {
      const first = await diffedFeed(stack.api, dir.tokens.manager, writeAafDelivery(join(work, 'year1'), SCHOOLS, year1), { kind: 'aaf' });
      expect(first).toMatchObject({ status: 'ready', records: 8 });
      expect(some(first.totals)).toEqual({ new: 8, links_added: 2 });
      const confirmed = await manager.post(`/api/v1/feeds/${first.id}/confirm`, { held: [] });
      expect(confirmed.status).toBe(202);
      expect(await feedIn(manager, first.id, ['applied'])).toMatchObject({ status: 'applied', confirmedBy: { username: 'manager' } });
      const s1 = await manager.get('/api/v1/users?q=S1&pageSize=10');
      expect(s1.body.items).toEqual([expect.objectContaining({ lastName: 'Nom S1', firstName: 'Prénom S1' })]);
    });

    it('shows each category of year 2 exactly, by key, and holds the school that would lose too many', async () => {
      // Meanwhile R2 was deactivated: the next snapshot names them again.
      const r2 = (await manager.get('/api/v1/users?q=R2&pageSize=10')).body.items[0];
      expect((await manager.post(`/api/v1/users/${r2.id}/deactivate`)).status).toBe(200);

      second = await diffedFeed(stack.api, dir.tokens.manager, writeAafDelivery(join(work, 'year2'), SCHOOLS, year2), { kind: 'aaf' });
      const all = await manager.get(`/api/v1/feeds/${second.id}/changes?limit=500`);
      expect(all.status).toBe(200);
      expect(all.body.next).toBeNull();
      expect(byCategory(all.body.items)).toEqual({
        new: ['S5'],
        names: ['S2'],
        contacts: ['T1'],
        moved: ['S1'],
        profile: ['T1'],
        links_added: ['S5<R3'],
        links_removed: ['S1<R1'],
        leaver: ['S4'],
        returner: ['R2'],
      });
      expect(second.schools.find((s: any) => s.uai === B)).toMatchObject({ accounts: 1, counts: { leaver: 1 }, leaversPercent: 100, held: true });
      expect(second.schools.find((s: any) => s.uai === A)).toMatchObject({ held: false });
      const leaversOfB = await manager.get(`/api/v1/feeds/${second.id}/changes?category=leaver&uai=${B}&limit=1`);
      expect(leaversOfB.body.items).toEqual([expect.objectContaining({ joinKey: 'S4', lastName: 'Nom S4', category: 'leaver' })]);
      // The drill-down pages with `after`.
      const firstPage = await manager.get(`/api/v1/feeds/${second.id}/changes?limit=4`);
      const nextPage = await manager.get(`/api/v1/feeds/${second.id}/changes?limit=500&after=${firstPage.body.next}`);
      expect([...firstPage.body.items, ...nextPage.body.items].map((c: any) => c.seq)).toEqual(all.body.items.map((c: any) => c.seq));
    });

    it('downloads every change as CSV, with French headers', async () => {
      const response = await fetch(`${stack.api.baseUrl}/api/v1/feeds/${second.id}/changes.csv`, { headers: { authorization: `Bearer ${dir.tokens.manager}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toContain(`flux-${second.id}-changements.csv`);
      const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
      expect(text.startsWith('\ufeffCatégorie;UAI;Clé de jointure;Identifiant;Nom;Prénom;Profil;Avant;Après\r\n')).toBe(true);
      const lines = text.trim().split('\r\n');
      const changeCount = (await manager.get(`/api/v1/feeds/${second.id}/changes?limit=500`)).body.items.length;
      expect(changeCount).toBe(9);
      expect(lines).toHaveLength(1 + changeCount);
      expect(lines.find((line) => line.includes(';S4;'))).toMatch(/^Départ;0750002V;S4;/);
      expect(lines.find((line) => line.startsWith('Nom modifié'))).toContain('Nouveau-Nom');
    });

    it('refuses the confirmation without the held school’s reason, then applies with it, once', async () => {
      const refused = await manager.post(`/api/v1/feeds/${second.id}/confirm`, { held: [] });
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toMatch(/confirmez-le une seconde fois en donnant la raison/);
      expect((await manager.post(`/api/v1/feeds/${second.id}/confirm`, { held: [{ uai: B, reason: 'court' }] })).status).toBe(400);
      const confirmed = await manager.post(`/api/v1/feeds/${second.id}/confirm`, { held: [{ uai: B, reason: 'Le lycée B ferme en juin.' }] });
      expect(confirmed.status).toBe(202);
      const applied = await feedIn(manager, second.id, ['applied']);
      expect(applied).toMatchObject({ status: 'applied', heldConfirmations: [{ uai: B, reason: 'Le lycée B ferme en juin.' }] });
      // Confirmed again (a retried request): the same applied feed, nothing applied twice.
      const again = await manager.post(`/api/v1/feeds/${second.id}/confirm`, { held: [{ uai: B, reason: 'Le lycée B ferme en juin.' }] });
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ status: 'applied', appliedAt: applied.appliedAt });
      const s2 = (await manager.get('/api/v1/users?q=S2&pageSize=10')).body.items[0];
      expect(s2.lastName).toBe('Nouveau-Nom');
    });

    it('shows 0 changes for the same snapshot sent again', async () => {
      const again = await diffedFeed(stack.api, dir.tokens.manager, writeAafDelivery(join(work, 'year2-again'), SCHOOLS, year2), { kind: 'aaf' });
      expect(again.status).toBe('ready');
      expect(some(again.totals)).toEqual({});
      expect((await manager.get(`/api/v1/feeds/${again.id}/changes`)).body.items).toEqual([]);
    });

    it('refuses an administrator’s edit of a name the feed owns, with the reason', async () => {
      const s1 = (await manager.get('/api/v1/users?q=S1&pageSize=10')).body.items[0];
      const edit = await stack.api.as(dir.tokens.administrator).patch(`/api/v1/users/${s1.id}`, { lastName: 'Autre' });
      expect(edit.status).toBe(400);
      expect(edit.body.errors).toEqual([
        expect.objectContaining({ field: 'patch.lastName', code: 'field.feed_owned', message: 'Ce champ est alimenté par le flux académique (aaf) : il se corrige dans la source, pas ici.' }),
      ]);
      await eventually(async () => ((await manager.get(`/api/v1/users/${s1.id}`)).body.lastName === 'Nom S1' ? true : undefined), 5_000, 'name unchanged');
    });
  });
});

import { createDatabase } from '@sesame/database';
import { EventEnvelopeSchema, IdentityEvents } from '@sesame/contracts';
import { eventually } from '@sesame/testing';
import iconv from 'iconv-lite';
import type { Kysely } from 'kysely';
import { ImportsRepository, MaintenanceProcessor, type Database as ImporterDatabase } from '@sesame/importer/testing';
import { EventTap } from '../support/events';
import { Directory, seedDirectory } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { errorCodes, fixture, reportCsv, settled, upload, validated } from './imports-support';

const LIMIT = 20_000;
const HEADER = 'userName;firstName;lastName;displayName;password;email;role;profile;school;classes;externalId';

/** A member row of a `;` file. */
const memberRow = (username: string, lastName = 'Martin', school = '0750001U') => `${username};Léa;${lastName};;;;;student;${school};3A;`;
const csv = (rows: string[], eol = '\n') => Buffer.from([HEADER, ...rows].join(eol) + eol, 'utf8');

/** The journeys of SPEC §5 around the fixtures: who may import, limits, report.csv, confirm, history, retention. */
describe('CSV imports', () => {
  let stack: Stack;
  let d: Directory;
  let importerDb: Kysely<ImporterDatabase>;
  let tap: EventTap;

  beforeAll(async () => {
    stack = await startStack({
      importer: { IMPORT_MAX_BYTES: String(LIMIT), IMPORT_HASH_THREADS: '1', ARGON2_MEMORY_KIB: '1024', ARGON2_ITERATIONS: '1' },
      gateway: { IMPORT_MAX_BYTES: String(LIMIT) },
    });
    d = await seedDirectory(stack.api);
    importerDb = createDatabase<ImporterDatabase>({ url: stack.env.importer!.DATABASE_URL, max: 2 });
    tap = await EventTap.listen(stack.isolation.services.amqpUrl, stack.isolation.namespace, '#');
  });
  afterAll(async () => {
    await tap.close();
    await importerDb.destroy();
    await stack.close();
  });

  const manager = () => stack.api.as(d.tokens.manager);
  const imports = () => importerDb.selectFrom('imports').select(['id']).execute();

  describe('who may upload, and what', () => {
    it('gives an upload UPLOAD_TIMEOUT_SECONDS to arrive, at the gateway and at the importer (not Node’s 300 s)', () => {
      expect(stack.gateway.getHttpServer().requestTimeout).toBe(1_800_000);
      expect(stack.importer!.getHttpServer().requestTimeout).toBe(1_800_000);
    });

    it('refuses supervisors and members before reading anything, and anonymous callers', async () => {
      for (const token of [d.tokens.supervisor, d.tokens.member]) {
        const answer = await upload(stack.api, token, fixture('ok/utf8-comma.csv'));
        expect(answer.status).toBe(403);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
      }
      expect((await upload(stack.api, 'not.a.token', fixture('ok/utf8-comma.csv'))).status).toBe(401);
      for (const path of ['/api/v1/imports', `/api/v1/imports/00000000-0000-4000-8000-000000000000`]) {
        expect((await stack.api.as(d.tokens.supervisor).get(path)).status).toBe(403);
      }
      expect(await imports()).toEqual([]);
    });

    it('wants a multipart form with a file, and takes multipart nowhere else', async () => {
      const json = await manager().post('/api/v1/imports', { file: 'userName' });
      expect(json.status).toBe(400);
      expect(json.body.errors[0]).toMatchObject({ field: 'file', code: 'file.required' });
      const form = new FormData();
      form.append('schoolId', d.schoolA.id);
      const noFile = await fetch(`${stack.api.baseUrl}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${d.tokens.manager}` }, body: form });
      expect(noFile.status).toBe(400);
      const elsewhere = await fetch(`${stack.api.baseUrl}/api/v1/users`, { method: 'POST', headers: { authorization: `Bearer ${d.tokens.manager}` }, body: form });
      expect(elsewhere.status).toBe(415);
    });

    it('answers 413 beyond the limit, whether announced, counted by the gateway or by the importer, and keeps nothing', async () => {
      const big = csv(Array.from({ length: 3_000 }, (_, i) => memberRow(`gros.${i}`)));
      expect(big.length).toBeGreaterThan(LIMIT + 64 * 1024);
      const announced = await upload(stack.api, d.tokens.manager, big);
      expect(announced.status).toBe(413);
      expect(announced.body.code).toBe('payload_too_large');

      const boundary = 'sesame-boundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="gros.csv"\r\ncontent-type: text/csv\r\n\r\n`),
        big,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const streamed = await fetch(`${stack.api.baseUrl}/api/v1/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${d.tokens.manager}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: new ReadableStream({
          start(controller) {
            for (let i = 0; i < body.length; i += 8_192) controller.enqueue(body.subarray(i, i + 8_192));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      expect(streamed.status).toBe(413);

      const overImporterLimit = csv(Array.from({ length: 500 }, (_, i) => memberRow(`moyen.${i}`)));
      expect(overImporterLimit.length).toBeGreaterThan(LIMIT);
      expect(overImporterLimit.length).toBeLessThan(LIMIT + 64 * 1024);
      const counted = await upload(stack.api, d.tokens.manager, overImporterLimit);
      expect(counted.status).toBe(413);

      await eventually(async () => ((await imports()).length === 0 ? true : undefined), 5_000, 'no import left');
      expect(await importerDb.selectFrom('import_rows').select('line').execute()).toEqual([]);
    });

    it('assigns supervisors to the administrator who imports them, and refuses another administrator', async () => {
      const file = Buffer.from('userName,firstName,lastName,displayName,password,email,role\nsup.de.a,Anne,Roy,,une phrase de passe longue,anne.roy@ac-test.fr,S\n');
      const refused = await upload(stack.api, d.tokens.administrator, file, { fields: { administratorId: d.adminB.id } });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0]).toMatchObject({ field: 'administratorId', code: 'managed_by.not_yourself' });

      const report = await validated(stack.api, d.tokens.administrator, file);
      expect(report.status).toBe('ready');
      expect((await stack.api.as(d.tokens.administrator).post(`/api/v1/imports/${report.id}/confirm`)).status).toBe(202);
      expect((await settled(stack.api.as(d.tokens.administrator), report.id)).status).toBe('done');
      const created = await stack.identityDb.selectFrom('accounts').select('managed_by').where('username', '=', 'sup.de.a').executeTakeFirstOrThrow();
      expect(created.managed_by).toBe(d.adminA.id);
    });

    it('wants the manager to choose an active administrator for supervisors', async () => {
      const file = Buffer.from('userName,firstName,lastName,displayName,password,email,role\nsup.choisi,Anne,Roy,,une phrase de passe longue,a.roy@ac-test.fr,S\n');
      const report = await validated(stack.api, d.tokens.manager, file, { fields: { administratorId: d.supervisorA.id } });
      expect(errorCodes(report)).toEqual(['2 role managed_by.not_an_administrator']);
    });

    it('reads the form’s fields even when they come after the file', async () => {
      const report = await validated(stack.api, d.tokens.manager, fixture('ok/default-school-no-school-column.csv'), {
        fields: { schoolId: d.schoolB.id },
        fieldsAfterFile: true,
      });
      expect(report).toMatchObject({ status: 'ready', schoolId: d.schoolB.id });
      expect(report.preview[0].school).toBe('0750002V');
    });

    it('refuses a default school outside the administrator’s scope', async () => {
      const report = await validated(stack.api, d.tokens.administrator, fixture('ok/default-school-no-school-column.csv'), { fields: { schoolId: d.schoolB.id } });
      expect(errorCodes(report)).toEqual(['0 schoolId default_school.out_of_scope']);
    });
  });

  describe('the report', () => {
    it('lists the first 200 errors, says how many more, and report.csv has them all', async () => {
      const rows = Array.from({ length: 260 }, (_, i) => memberRow(`#mauvais.${i}`));
      const report = await validated(stack.api, d.tokens.manager, csv(rows));
      expect(report).toMatchObject({ status: 'invalid', totalRows: 260, validRows: 0, errorCount: 260, moreErrors: 60 });
      expect(report.errors).toHaveLength(200);
      expect(report.errors[199].line).toBe(201);
      const text = (await reportCsv(stack.api, d.tokens.manager, report.id)).bytes.toString('utf8');
      expect(text.trim().split('\n')).toHaveLength(261);
      expect(text.match(/doit commencer par une lettre ou un chiffre/g)).toHaveLength(260);
    });

    it('report.csv keeps the separator and line breaks, is UTF-8 with a BOM whatever the upload, never copies a password and neutralises formulas', async () => {
      const text = [
        HEADER,
        'sup.garnier;Hélène;Garnier;;un secret très bien gardé;pas-une-adresse;S;;;;',
        'formule;Jean;=1+2;;;;;student;0750001U;;',
        'bien;Gaëlle;Œuvre;;;;;student;0750001U;;',
      ].join('\r\n');
      const report = await validated(stack.api, d.tokens.manager, iconv.encode(`${text}\r\n`, 'windows-1252'), {
        fields: { administratorId: d.adminA.id },
        fileName: 'élèves.csv',
      });
      expect(errorCodes(report)).toEqual(['2 email email.invalid', '3 lastName value.formula']);

      const answer = await reportCsv(stack.api, d.tokens.manager, report.id);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(answer.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('élèves-rapport.csv')}`);
      // French Excel reads the accents of a UTF-8 file only after its byte order mark.
      expect(answer.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const lines = answer.bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines[0]).toBe(`${HEADER};erreurs`);
      expect(lines[1]).toBe(
        'sup.garnier;Hélène;Garnier;;;pas-une-adresse;S;;;;;email : Cette adresse e-mail n’est pas valide. ' +
          'password : Retapez le mot de passe avant de charger ce fichier à nouveau : il n’est jamais recopié dans le fichier annoté.',
      );
      expect(lines[2]).toMatch(/^formule;Jean;'=1\+2;;;;;student;0750001U;;;lastName : Cette valeur commence par « = »/);
      expect(lines[3]).toBe('bien;Gaëlle;Œuvre;;;;;student;0750001U;;;');
      expect(answer.bytes.toString('latin1')).not.toContain('secret');

      const english = (await reportCsv(stack.api, d.tokens.manager, report.id, 'en')).bytes.toString('utf8');
      expect(english.split('\r\n')[1]).toMatch(/;email: This email address is not valid\. password: Type the password again/);
    });

    it('loads the annotated file again as it is: its error column ignored, only the rows that had a password asking for it', async () => {
      const first = await validated(
        stack.api,
        d.tokens.manager,
        csv(['sup.arnaud;Léo;Arnaud;;une phrase de passe solide;leo.arnaud@ac-paris.fr;S;;;;', memberRow('#faux'), memberRow('juste.ici', 'Éluard')]),
        { fields: { administratorId: d.adminA.id } },
      );
      expect(errorCodes(first)).toEqual(['3 userName username.first_character']);
      const annotated = (await reportCsv(stack.api, d.tokens.manager, first.id)).bytes;
      expect(annotated.toString('utf8')).toContain(`${HEADER};erreurs\n`);

      // Loaded again untouched: the same error, and the row whose password was left out says so.
      const again = await validated(stack.api, d.tokens.manager, annotated, { fields: { administratorId: d.adminA.id } });
      expect(again).toMatchObject({ encoding: 'utf-8', bom: true, delimiter: ';' });
      expect(errorCodes(again)).toEqual(['2 password password.required', '3 userName username.first_character']);

      // Corrected in the spreadsheet (the password typed again, the login fixed), it loads as is.
      const corrected = annotated
        .toString('utf8')
        .replace('sup.arnaud;Léo;Arnaud;;;', 'sup.arnaud;Léo;Arnaud;;une autre phrase de passe;')
        .replace('#faux;', 'vrai.nom;');
      const fixed = await validated(stack.api, d.tokens.manager, Buffer.from(corrected, 'utf8'), { fields: { administratorId: d.adminA.id } });
      expect(fixed).toMatchObject({ status: 'ready', totalRows: 3, validRows: 3, errorCount: 0 });
      // Its own report has one error column, not two.
      const second = (await reportCsv(stack.api, d.tokens.manager, fixed.id)).bytes.subarray(3).toString('utf8').split('\n');
      expect(second[0]).toBe(`${HEADER};erreurs`);
      expect(second[2]).toBe(`${memberRow('vrai.nom')};`);
    });

    it('is the uploader’s (or the manager’s) only', async () => {
      const report = await validated(stack.api, d.tokens.administrator, csv([memberRow('a.moi')]));
      expect((await stack.api.as(d.tokens.adminB).get(`/api/v1/imports/${report.id}`)).status).toBe(404);
      expect((await reportCsv(stack.api, d.tokens.adminB, report.id)).status).toBe(404);
      expect((await stack.api.as(d.tokens.adminB).post(`/api/v1/imports/${report.id}/confirm`)).status).toBe(404);
      expect((await manager().get(`/api/v1/imports/${report.id}`)).status).toBe(200);
    });
  });

  describe('confirming', () => {
    it('creates every member with an activation code at once, audits it and says so in events', async () => {
      const rows = Array.from({ length: 12 }, (_, i) => memberRow(`lot.${i}`, `Élève ${i}`));
      const report = await validated(stack.api, d.tokens.administrator, csv(rows));
      const admin = stack.api.as(d.tokens.administrator);
      const started = await admin.post(`/api/v1/imports/${report.id}/confirm`);
      expect(started.status).toBe(202);
      expect(started.body.status).toBe('importing');
      const done = await settled(admin, report.id);
      expect(done).toMatchObject({ status: 'done', createdAccounts: 12, validRows: 12 });

      const again = await admin.post(`/api/v1/imports/${report.id}/confirm`);
      expect(again.status).toBe(409);
      expect(again.body.detail).toBe('Cet import a déjà été confirmé.');

      const listed = await admin.get('/api/v1/users?q=lot.&pageSize=50');
      expect(listed.body.total).toBe(12);
      expect(listed.body.items.every((u: { activationCode: string | null }) => /^[a-z0-9]{8}$/.test(u.activationCode ?? ''))).toBe(true);

      // One audit row for the import, listing its accounts in the file's order, by column.
      const audit = await stack.identityDb.selectFrom('audit_log').select(['actor_id', 'target_id', 'after']).where('action', '=', 'import.commit').where('request_id', '=', report.id).execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ actor_id: d.adminA.id, target_id: report.id, after: { importId: report.id, created: 12 } });
      const audited = (audit[0].after as { accounts: { id: string[]; line: number[]; username: string[]; externalId: Array<string | null> } }).accounts;
      expect(audited.username).toEqual(rows.map((_, i) => `lot.${i}`));
      expect(audited.line).toEqual(rows.map((_, i) => i + 2));
      expect(audited.externalId).toEqual(rows.map(() => null));
      const createdAccounts = await stack.identityDb.selectFrom('accounts').select(['id', 'username']).where('import_id', '=', report.id).execute();
      const idOfLogin = new Map(createdAccounts.map((a) => [a.username, a.id]));
      expect(audited.id).toEqual(audited.username.map((u) => idOfLogin.get(u)));
      expect(JSON.stringify(audit)).not.toMatch(/argon2|activation/i);

      const completed = await tap.waitFor('importer.import.completed', (data) => data.importId === report.id);
      expect(completed.data).toMatchObject({ actorId: d.adminA.id, created: 12, newClasses: 0 });
      await eventually(async () => (tap.of('identity.user.created').filter((e: any) => e.data.username.startsWith('lot.')).length === 12 ? true : undefined));
      // Built by PostgreSQL (recordEventsFrom): the envelopes and payloads are exactly the contract's, in the file's order.
      const created = tap.of('identity.user.created').filter((e: any) => e.data.username.startsWith('lot.'));
      for (const event of created) {
        expect(EventEnvelopeSchema.parse(event)).toEqual(event);
        expect(IdentityEvents.userCreated.data.parse(event.data)).toEqual(event.data);
      }
      const idOf = new Map(listed.body.items.map((u: { id: string; username: string }) => [u.username, u.id]));
      expect(created.map((e: any) => e.data)).toEqual(
        rows.map((_, i) => ({ userId: idOf.get(`lot.${i}`), username: `lot.${i}`, role: 'member', profile: 'student', schoolIds: [d.schoolA.id], actorId: d.adminA.id })),
      );
      expect(await importerDb.selectFrom('import_rows').select('line').where('import_id', '=', report.id).where('password_hash', 'is not', null).execute()).toEqual([]);

      // A second run finishing the same import (one that lost its job lock) records nothing more.
      const imports = stack.importer!.get(ImportsRepository);
      expect(await imports.transaction((trx) => imports.markDone(trx, report.id, 12, []))).toBeNull();
    });

    it('keeps which import created each account: GET /users?importId= lists those, and the report still says which had a password', async () => {
      const rows = [
        'sup.import;Inès;Marchand;;une phrase de passe solide;ines.marchand@ac-paris.fr;S;;;;',
        'eleve.mdp;Léo;Roux;;encore une phrase solide;;;student;0750001U;;',
        memberRow('eleve.code', 'Dumas'),
      ];
      const admin = stack.api.as(d.tokens.administrator);
      const report = await validated(stack.api, d.tokens.administrator, csv(rows));
      expect(report.status).toBe('ready');
      expect((await admin.post(`/api/v1/imports/${report.id}/confirm`)).status).toBe(202);
      const done = await settled(admin, report.id);
      expect(done).toMatchObject({ status: 'done', createdAccounts: 3 });
      // The hashes are gone; what the rows gave is not.
      expect(done.preview.map((r: { userName: string; hasPassword: boolean }) => `${r.userName} ${r.hasPassword}`)).toEqual([
        'sup.import true',
        'eleve.mdp true',
        'eleve.code false',
      ]);

      const mine = await admin.get(`/api/v1/users?importId=${report.id}`);
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((u: { username: string }) => u.username).sort()).toEqual(['eleve.code', 'eleve.mdp', 'sup.import']);
      expect(mine.body.total).toBe(3);
      // Within the other filters, and within the scope: the manager sees them, another school's administrator none.
      expect((await admin.get(`/api/v1/users?importId=${report.id}&role=member`)).body.total).toBe(2);
      expect((await manager().get(`/api/v1/users?importId=${report.id}`)).body.total).toBe(3);
      expect((await stack.api.as(d.tokens.adminB).get(`/api/v1/users?importId=${report.id}`)).body.total).toBe(0);
      expect((await admin.get('/api/v1/users?importId=pas-un-import')).status).toBe(400);
    });

    it('says when the same file was already imported', async () => {
      const file = csv([memberRow('deja.vu')]);
      const first = await validated(stack.api, d.tokens.manager, file);
      await manager().post(`/api/v1/imports/${first.id}/confirm`);
      const done = await settled(manager(), first.id);
      const second = await validated(stack.api, d.tokens.manager, file);
      expect(second.alreadyImported).toEqual({ id: first.id, at: done.completedAt });
      expect(errorCodes(second)).toEqual(['2 userName username.taken']);
    });

    it('fails an import whose usernames were taken after the check, creating none of its accounts', async () => {
      const report = await validated(stack.api, d.tokens.manager, csv([memberRow('course.un'), memberRow('course.deux')]));
      await manager().post('/api/v1/users', { role: 'member', username: 'course.deux', firstName: 'A', lastName: 'B', profile: 'student', schoolIds: [d.schoolA.id] });
      await manager().post(`/api/v1/imports/${report.id}/confirm`);
      const failed = await settled(manager(), report.id);
      expect(failed).toMatchObject({ status: 'failed', failure: { code: 'failure.conflicts' } });
      expect(failed.failure.message).toMatch(/^Des comptes ont été créés entre la vérification et la confirmation/);
      expect(errorCodes(failed)).toEqual(['3 userName username.taken']);
      expect(await stack.identityDb.selectFrom('accounts').select('id').where('username', '=', 'course.un').execute()).toEqual([]);
      expect((await manager().post(`/api/v1/imports/${report.id}/confirm`)).status).toBe(409);
    });
  });

  describe('history and retention', () => {
    it('lists who imported what and when: every import for the manager, its own for an administrator', async () => {
      const all = await manager().get('/api/v1/imports?pageSize=200');
      const own = await stack.api.as(d.tokens.administrator).get('/api/v1/imports?pageSize=200');
      expect(all.status).toBe(200);
      expect(own.body.items.length).toBeGreaterThan(0);
      expect(own.body.items.every((i: any) => i.uploadedBy.id === d.adminA.id)).toBe(true);
      expect(all.body.total).toBeGreaterThan(own.body.total);
      const item = own.body.items.find((i: any) => i.status === 'done');
      expect(item).toMatchObject({ fileName: 'comptes.csv', uploadedBy: { username: d.adminA.username }, errorCount: 0 });
      expect(Date.parse(item.createdAt)).toBeLessThanOrEqual(Date.parse(item.completedAt));
      const dates = all.body.items.map((i: any) => i.createdAt);
      expect([...dates].sort().reverse()).toEqual(dates);
    });

    it('deletes the rows after the retention delay and keeps the history', async () => {
      const report = await validated(stack.api, d.tokens.manager, csv([memberRow('trop.tard')]));
      const purged = await stack.importer!.get(MaintenanceProcessor).purge(Date.now() + 8 * 86_400_000);
      expect(purged.expired).toBeGreaterThan(0);
      expect(await importerDb.selectFrom('import_rows').select('line').execute()).toEqual([]);
      const after = await manager().get(`/api/v1/imports/${report.id}`);
      expect(after.body).toMatchObject({ status: 'ready', expired: true, preview: [], totalRows: 1 });
      const confirm = await manager().post(`/api/v1/imports/${report.id}/confirm`);
      expect(confirm.status).toBe(409);
      expect(confirm.body.detail).toMatch(/délai de conservation/);
      expect((await reportCsv(stack.api, d.tokens.manager, report.id)).status).toBe(409);
    });
  });
});

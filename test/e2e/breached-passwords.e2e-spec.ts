import { createHash, randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Directory, seedDirectory, uniqueName } from '../support/directory';
import { Stack, startStack } from '../support/stack';
import { errorCodes, validated } from './imports-support';

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex').toUpperCase();

/**
 * With PWNED_PASSWORDS_URL set, identity and the importer refuse a password a k-anonymity range
 * service knows from breaches (issue 12). The service here is a local server in the format of HIBP's
 * Pwned Passwords; it records what it was asked.
 */
describe('breached passwords (range service configured)', () => {
  const BREACHED = 'une phrase que tout le monde a fuitée';
  let server: Server;
  let stack: Stack;
  let d: Directory;
  const asked: string[] = [];
  let slow = false;

  beforeAll(async () => {
    server = createServer((request, response) => {
      asked.push(request.url!);
      const prefix = request.url!.split('/').pop()!;
      const lines = ['0018A45C4D1DEF81644B54AB7F969B88D65:0'];
      if (prefix === sha1(BREACHED).slice(0, 5)) lines.push(`${sha1(BREACHED).slice(5)}:52`);
      setTimeout(() => response.end(lines.join('\r\n')), slow ? 2_000 : 0);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const range = { PWNED_PASSWORDS_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/range/`, PWNED_PASSWORDS_TIMEOUT_MS: '500' };
    stack = await startStack({ identity: range, importer: { ...range, IMPORT_HASH_THREADS: '1' } });
    d = await seedDirectory(stack.api);
  });
  afterAll(async () => {
    await stack?.close();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    asked.length = 0;
    slow = false;
  });

  const manager = () => stack.api.as(d.tokens.manager);

  it('refuses a breached password set by an administrator, asking with the 5-character prefix only', async () => {
    const answer = await manager().put(`/api/v1/users/${d.memberA.id}/password`, { password: BREACHED });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ field: 'password', code: 'password.breached', message: 'Ce mot de passe figure dans des fuites de données connues ; choisissez-en un autre.' }),
    ]);
    expect(asked).toEqual([`/range/${sha1(BREACHED).slice(0, 5)}`]);
  });

  it('refuses it at activation too, and accepts a password it does not know', async () => {
    const member = await d.student(d.schoolA);
    const refused = await stack.api.post('/api/v1/auth/activate', { username: member.username, activationCode: member.activationCode, password: BREACHED });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].code).toBe('password.breached');
    const accepted = await stack.api.post('/api/v1/auth/activate', { username: member.username, activationCode: member.activationCode, password: 'la mer est calme ce matin' });
    expect(accepted.status).toBe(200);
  });

  it('accepts the password when the service does not answer in time (fail-open, the default)', async () => {
    slow = true;
    const answer = await manager().put(`/api/v1/users/${d.memberA.id}/password`, { password: `un mot de passe ${randomBytes(4).toString('hex')}` });
    expect(answer.status).toBe(204);
    expect(asked).toHaveLength(1);
  });

  it('refuses a breached password in an import, on its row', async () => {
    const rows = [
      'userName;firstName;lastName;displayName;password;email;role;profile;school;classes;externalId',
      `${uniqueName('sup')};Camille;Roux;;${BREACHED};camille@ac-test.fr;S;;;;`,
      `${uniqueName('sup')};Karim;Haddad;;le chat dort sur le radiateur;karim@ac-test.fr;S;;;;`,
    ];
    const report = await validated(stack.api, d.tokens.manager, Buffer.from(rows.join('\r\n') + '\r\n'), { fields: { administratorId: d.adminA.id } });
    expect(report.status).toBe('invalid');
    expect(errorCodes(report)).toEqual(['2 password password.breached']);
    expect(JSON.stringify(report)).not.toContain(BREACHED);
  });
});

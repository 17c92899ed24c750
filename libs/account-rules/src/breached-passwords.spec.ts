import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BreachedPasswords } from './breached-passwords';

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex').toUpperCase();

/** A range service on this machine, in the format of HIBP's Pwned Passwords. */
describe('BreachedPasswords (k-anonymity range API)', () => {
  const BREACHED = 'le mot de passe de tout le monde';
  const PADDED = 'seulement du rembourrage ici';
  let server: Server;
  let url: string;
  const requests: IncomingMessage[] = [];
  let delayMs = 0;
  let status = 200;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request);
      const prefix = request.url!.split('/').pop()!;
      const lines = ['0018A45C4D1DEF81644B54AB7F969B88D65:1', '00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2'];
      if (prefix === sha1(BREACHED).slice(0, 5)) lines.push(`${sha1(BREACHED).slice(5).toLowerCase()}:3861493`);
      if (prefix === sha1(PADDED).slice(0, 5)) lines.push(`${sha1(PADDED).slice(5)}:0`);
      setTimeout(() => response.writeHead(status, { 'content-type': 'text/plain' }).end(lines.join('\r\n')), delayMs);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/range/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    requests.length = 0;
    delayMs = 0;
    status = 200;
  });

  const service = () => new BreachedPasswords({ url, timeoutMs: 300 });

  it('finds a breached password by its hash suffix, sending only the 5-character prefix, with padding asked', async () => {
    expect(await service().check(BREACHED)).toBe('breached');
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe(`/range/${sha1(BREACHED).slice(0, 5)}`);
    expect(requests[0].headers['add-padding']).toBe('true');
  });

  it('does not count a padded entry (count 0) nor an absent one', async () => {
    expect(await service().check(PADDED)).toBe('not_found');
    expect(await service().check('une phrase que personne n’a jamais tapée')).toBe('not_found');
  });

  it('says unknown when the service is slow, failing or unreachable', async () => {
    delayMs = 1_000;
    expect(await service().check(BREACHED)).toBe('unknown');
    delayMs = 0;
    status = 503;
    expect(await service().check(BREACHED)).toBe('unknown');
    expect(await new BreachedPasswords({ url: 'http://127.0.0.1:9/range/', timeoutMs: 300 }).check(BREACHED)).toBe('unknown');
  });
});

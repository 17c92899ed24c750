import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { generateFieldKey, generateSealKey } from '@sesame/auth';
import { parseMail } from '../../test/support/mime';
import { loadMailmergeConfig } from '../config/mailmerge.config';
import { InvalidRecipient } from './mail.errors';
import { MailMessage, MailerService } from './mailer.service';

/** The mailer writing to a folder (no SMTP_URL): what nodemailer would have sent, byte for byte. */
describe('MailerService', () => {
  let dir: string;
  let mailer: MailerService;

  beforeAll(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));
  afterAll(() => jest.restoreAllMocks());

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sesame-mailer-'));
    mailer = new MailerService(loadMailmergeConfig({ MAIL_OUTBOX_DIR: dir, MAIL_SEAL_KEY: generateSealKey(), CAMPAIGN_CODE_KEY: generateFieldKey() }));
    await mailer.onModuleInit();
  });

  afterEach(async () => {
    mailer.onApplicationShutdown();
    await rm(dir, { recursive: true, force: true });
  });

  const message = (to: MailMessage['to'], headers?: Record<string, string>): MailMessage => ({
    to,
    subject: 'Objet',
    text: 'Texte',
    html: '<p>Texte</p>',
    headers,
  });

  const written = async () => Promise.all((await readdir(dir)).map(async (f) => parseMail(await readFile(join(dir, f)))));

  it('sends from MAIL_FROM to one named recipient, with the given Message-ID and headers, and returns that id', async () => {
    const id = await mailer.send(
      message({ name: 'Zoé Lefèvre', address: 'zoe@example.org' }, { 'Message-ID': '<e1@sesame.local>', 'X-Sesame-Event-Id': 'e1' }),
    );
    expect(id).toBe('<e1@sesame.local>');
    const [mail] = await written();
    expect(mail.headers.from).toBe('Sesame <ne-pas-repondre@sesame.local>');
    expect(mail.headers.to).toBe('Zoé Lefèvre <zoe@example.org>');
    expect(mail.headers['message-id']).toBe('<e1@sesame.local>');
    expect(mail.headers['x-sesame-event-id']).toBe('e1');
    expect(mail.text).toBe('Texte');
    expect(mail.html).toBe('<p>Texte</p>');
    expect(mailer.senderDomain).toBe('sesame.local');
  });

  it.each(['a@x.org, b@y.org', 'a@x.org\r\nBcc: thief@y.org', 'Jeanne <a@x.org>'])(
    'refuses the address %j before sending anything',
    async (address) => {
      await expect(mailer.send(message({ name: 'Jeanne', address }))).rejects.toBeInstanceOf(InvalidRecipient);
      expect(await readdir(dir)).toEqual([]);
    },
  );

  it('cannot be made to add a header or a recipient through the display name', async () => {
    await mailer.send(message({ name: 'Jeanne\r\nBcc: thief@y.org', address: 'jeanne@example.org' }));
    const [mail] = await written();
    expect(mail.headers.bcc).toBeUndefined();
    expect(mail.headers.to).toBe('"Jeanne Bcc: thief@y.org" <jeanne@example.org>');
  });

  it('refuses a header value with a line break, and a malformed Message-ID', async () => {
    await expect(mailer.send(message({ name: 'J', address: 'j@example.org' }, { 'X-Sesame-Note': 'a\r\nBcc: t@y.org' }))).rejects.toThrow(
      /not a single header line/,
    );
    await expect(mailer.send(message({ name: 'J', address: 'j@example.org' }, { 'Message-ID': 'no-brackets' }))).rejects.toThrow(/Message-ID/);
    expect(await readdir(dir)).toEqual([]);
  });
});

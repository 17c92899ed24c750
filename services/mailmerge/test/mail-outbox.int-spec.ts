import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@sesame/testing';
import { MailmergeUnderTest, PUBLIC_URL, startMailmergeForTest } from './support/mailmerge';
import { parseMail } from './support/mime';

/** Without SMTP_URL, every email is written to MAIL_OUTBOX_DIR as an .eml file a mail client opens. */
describe('mail outbox folder', () => {
  let root: string;
  let outbox: string;
  let mailmerge: MailmergeUnderTest;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sesame-mail-outbox-'));
    outbox = join(root, 'not-yet', 'outbox');
    mailmerge = await startMailmergeForTest({ MAIL_OUTBOX_DIR: outbox });
  });

  afterAll(async () => {
    await mailmerge?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('writes the reset email as an RFC 822 file, readable by the service only', async () => {
    const { event, token } = await mailmerge.resetRequested({ locale: 'en', displayName: 'Amelia "Amy" Jones' });
    const { email } = event.data as { email: string };
    await mailmerge.publish(event);

    const [file] = await eventually(async () => {
      const files = (await readdir(outbox)).filter((f) => f.endsWith('.eml'));
      return files.length ? files : undefined;
    }, 15_000, 'an .eml file');
    expect(await readdir(outbox)).toEqual([file]); // no partial file left behind
    expect((await stat(join(outbox, file))).mode & 0o777).toBe(0o600);

    const raw = await readFile(join(outbox, file), 'utf8');
    expect(raw).toMatch(/\r\n\r\n/); // CRLF line ends, as on the wire
    const mail = parseMail(raw);
    expect(mail.headers.to).toBe(`"Amelia \\"Amy\\" Jones" <${email}>`);
    expect(mail.headers.from).toBe('Sesame Académie <ne-pas-repondre@ac-test.fr>');
    expect(mail.headers['message-id']).toBe(`<${event.id}@ac-test.fr>`);
    expect(mail.headers.subject).toBe('Resetting your Sesame password');
    expect(mail.text).toContain(`${PUBLIC_URL}/password/reset?token=${encodeURIComponent(token)}`);
    expect(mail.html).toContain('Amelia &quot;Amy&quot; Jones');
    await eventually(
      async () => (await mailmerge.db.selectFrom('processed_events').select('outcome').where('event_id', '=', event.id).executeTakeFirst())?.outcome,
      5_000,
      'the event recorded',
    );
  });
});

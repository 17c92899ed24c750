import { generateFieldKey, generateSealKey } from '@sesame/auth';
import { ConfigError, describeConfig } from '@sesame/config';
import { MailmergeConfigSchema, loadMailmergeConfig as loadWith } from './mailmerge.config';

// The variables without a default.
const MAIL_SEAL_KEY = generateSealKey('2025-09');
const loadMailmergeConfig = (env: NodeJS.ProcessEnv) => loadWith({ MAIL_SEAL_KEY, CAMPAIGN_CODE_KEY: generateFieldKey(), ...env });

describe('mailmerge mail configuration', () => {
  it('writes to the outbox folder from Sesame <ne-pas-repondre@sesame.local> unless told otherwise', () => {
    expect(loadMailmergeConfig({})).toMatchObject({
      SMTP_URL: undefined,
      MAIL_OUTBOX_DIR: '.sesame/mail-outbox',
      MAIL_FROM: 'Sesame <ne-pas-repondre@sesame.local>',
      PUBLIC_URL: 'http://localhost:3000',
      SMTP_TIMEOUT_MS: 15_000,
    });
  });

  it('accepts smtp:// and smtps:// servers with credentials', () => {
    expect(loadMailmergeConfig({ SMTP_URL: 'smtps://sesame:p%40ss@smtp.ac-paris.fr:465' }).SMTP_URL).toBe('smtps://sesame:p%40ss@smtp.ac-paris.fr:465');
  });

  it('refuses a wrong SMTP_URL without printing it, and a MAIL_FROM that is not one mailbox', () => {
    let error: ConfigError | undefined;
    try {
      loadMailmergeConfig({ SMTP_URL: 'http://user:hunter2@smtp.example.org', MAIL_FROM: 'a@x.org, b@y.org', PUBLIC_URL: 'ftp://x' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems.map((p) => p.split(':')[0])).toEqual(['PUBLIC_URL', 'SMTP_URL', 'MAIL_FROM']);
    expect(error?.message).not.toContain('hunter2');
  });

  it('sends campaign emails at 20 a second unless told otherwise, and refuses a rate that is not one', () => {
    expect(loadMailmergeConfig({})).toMatchObject({ CAMPAIGN_EMAILS_PER_SECOND: 20, DOCUMENTS_DIR: '.sesame/documents', DISTRIBUTION_PAGE_SIZE: 2000 });
    expect(loadMailmergeConfig({ CAMPAIGN_EMAILS_PER_SECOND: '0.5' }).CAMPAIGN_EMAILS_PER_SECOND).toBe(0.5);
    expect(() => loadMailmergeConfig({ CAMPAIGN_EMAILS_PER_SECOND: '0' })).toThrow(ConfigError);
    expect(() => loadMailmergeConfig({ CAMPAIGN_EMAILS_PER_SECOND: 'fast' })).toThrow(/CAMPAIGN_EMAILS_PER_SECOND/);
  });

  it('documents SMTP_URL as a secret', () => {
    expect(describeConfig(MailmergeConfigSchema).find((v) => v.name === 'SMTP_URL')).toMatchObject({ secret: true });
  });

  it('needs the key identity seals reset tokens with, and takes previous keys; refuses wrong ones without printing them', () => {
    expect(() => loadWith({ CAMPAIGN_CODE_KEY: generateFieldKey() })).toThrow(/MAIL_SEAL_KEY/);
    const previous = `${generateSealKey('2025-03')},${generateSealKey('2024-09')}`;
    expect(loadMailmergeConfig({ MAIL_SEAL_PREVIOUS_KEYS: previous })).toMatchObject({ MAIL_SEAL_KEY, MAIL_SEAL_PREVIOUS_KEYS: previous });
    let error: ConfigError | undefined;
    try {
      loadMailmergeConfig({ MAIL_SEAL_KEY: 'k:c2hvcnQ=', MAIL_SEAL_PREVIOUS_KEYS: `${generateSealKey('ok')},hunter2` });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems.map((p) => p.split(':')[0])).toEqual(['MAIL_SEAL_KEY', 'MAIL_SEAL_PREVIOUS_KEYS']);
    expect(error?.message).toContain('<key id>:<32 random bytes in base64>');
    expect(error?.message).not.toContain('c2hvcnQ=');
    expect(error?.message).not.toContain('hunter2');
    expect(describeConfig(MailmergeConfigSchema).filter((v) => v.name.startsWith('MAIL_SEAL'))).toEqual([
      expect.objectContaining({ name: 'MAIL_SEAL_KEY', secret: true }),
      expect.objectContaining({ name: 'MAIL_SEAL_PREVIOUS_KEYS', secret: true }),
    ]);
  });

  it('requires the key of the campaigns’ activation codes, refuses one that is not 32 bytes, and never prints it', () => {
    expect(() => loadWith({ MAIL_SEAL_KEY })).toThrow(/CAMPAIGN_CODE_KEY/);
    let error: ConfigError | undefined;
    try {
      loadMailmergeConfig({ CAMPAIGN_CODE_KEY: 'aHVudGVyMg==' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error?.problems.map((p) => p.split(':')[0])).toEqual(['CAMPAIGN_CODE_KEY']);
    expect(error?.message).not.toContain('aHVudGVyMg==');
    expect(describeConfig(MailmergeConfigSchema).filter((v) => v.name.startsWith('CAMPAIGN_CODE_')).map((v) => v.secret)).toEqual([true, true]);
  });
});

import { generateFieldKey } from '@sesame/auth';
import { ConfigError, describeConfig } from '@sesame/config';
import { MailmergeConfigSchema, loadMailmergeConfig as loadWithoutKey } from './mailmerge.config';

// The one variable without a default.
const loadMailmergeConfig = (source: NodeJS.ProcessEnv) => loadWithoutKey({ CAMPAIGN_CODE_KEY: generateFieldKey(), ...source });

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

  it('requires the key of the campaigns’ activation codes, refuses one that is not 32 bytes, and never prints it', () => {
    expect(() => loadWithoutKey({})).toThrow(/CAMPAIGN_CODE_KEY/);
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

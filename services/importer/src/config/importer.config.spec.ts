import { ConfigError } from '@sesame/config';
import { loadImporterConfig } from './importer.config';

describe('the importer’s configuration', () => {
  it('refuses a stall limit a living import could reach, naming the variable', () => {
    // The commit of a large import reports no progress while it runs: a shorter limit would fail it.
    expect(() => loadImporterConfig({ IMPORT_STALLED_AFTER_MS: '300000' })).toThrow(ConfigError);
    expect(() => loadImporterConfig({ IMPORT_STALLED_AFTER_MS: '300000' })).toThrow(
      /IMPORT_STALLED_AFTER_MS: must be more than IMPORT_COMMIT_TIMEOUT_MS and RPC_TIMEOUT_MS \(300000\)/,
    );
    expect(loadImporterConfig({ IMPORT_STALLED_AFTER_MS: '300001' }).IMPORT_STALLED_AFTER_MS).toBe(300_001);
    expect(loadImporterConfig({ IMPORT_STALLED_AFTER_MS: '20000', IMPORT_COMMIT_TIMEOUT_MS: '15000' }).IMPORT_STALLED_AFTER_MS).toBe(20_000);
  });

  it('fails a stalled import after 15 minutes without progress, looked for every minute, by default', () => {
    expect(loadImporterConfig({})).toMatchObject({ IMPORT_STALLED_AFTER_MS: 900_000, IMPORT_STALLED_CHECK_INTERVAL_MS: 60_000 });
  });

  it('keeps feed files in an absolute FEED_DIR, and refuses chunks identity would refuse', () => {
    expect(loadImporterConfig({})).toMatchObject({ FEED_DIR: '/var/lib/sesame/feeds', FEED_MAX_BYTES: 2 * 1024 ** 3, FEED_CHUNK_RECORDS: 2_000 });
    expect(() => loadImporterConfig({ FEED_DIR: 'feeds' })).toThrow(/FEED_DIR: must be an absolute path/);
    expect(() => loadImporterConfig({ FEED_CHUNK_RECORDS: '5001' })).toThrow(/FEED_CHUNK_RECORDS: must be at most 5000/);
  });
});

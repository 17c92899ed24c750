import { ServiceFailure } from '@sesame/contracts';
import { feedForm, mayUpload, storedFileName } from './feed-upload.rules';

const issueOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof ServiceFailure) return { code: error.code, issues: error.details.issues };
    throw error;
  }
  throw new Error('not refused');
};

describe('a feed upload’s form', () => {
  it('takes an AAF delivery without a school, and a school export with its UAI', () => {
    expect(feedForm({ kind: 'aaf' })).toEqual({ kind: 'aaf', uai: undefined });
    expect(feedForm({ kind: 'school', uai: ' 0750001u ' })).toEqual({ kind: 'school', uai: '0750001U' });
  });

  it('names the field that is wrong', () => {
    expect(issueOf(() => feedForm({}))).toEqual({ code: 'validation_failed', issues: [{ field: 'kind', code: 'invalid_value', params: { values: 'aaf, school' } }] });
    expect(issueOf(() => feedForm({ kind: 'school' })).issues).toEqual([{ field: 'uai', code: 'feed.uai_required' }]);
    expect(issueOf(() => feedForm({ kind: 'school', uai: '075001U' })).issues).toEqual([{ field: 'uai', code: 'uai.format' }]);
    expect(issueOf(() => feedForm({ kind: 'aaf', uai: '0750001U' })).issues).toEqual([{ field: 'uai', code: 'feed.uai_not_for_aaf' }]);
  });
});

describe('who may upload a feed (the coarse gate; identity decides the school)', () => {
  it('lets the manager upload anything, an administrator a school export only, nobody else', () => {
    expect(mayUpload({ role: 'manager' }, 'aaf')).toBe(true);
    expect(mayUpload({ role: 'administrator' }, 'school')).toBe(true);
    expect(mayUpload({ role: 'administrator' }, 'aaf')).toBe(false);
    expect(mayUpload({ role: 'supervisor' }, 'school')).toBe(false);
    expect(mayUpload({ role: 'member' }, undefined)).toBe(false);
  });
});

describe('the name a delivered file is stored under', () => {
  it('keeps the name the readers recognise, without any folder', () => {
    expect(storedFileName('ENTAAF_Complet_20260901_Eleve_0000.xml')).toBe('ENTAAF_Complet_20260901_Eleve_0000.xml');
    expect(storedFileName('../../etc/ElevesSansAdresses.xml')).toBe('ElevesSansAdresses.xml');
    expect(storedFileName('C:\\exports\\siecle.zip')).toBe('siecle.zip');
  });

  it('refuses a name that leaves nothing to store, or holds control characters', () => {
    expect(issueOf(() => storedFileName('..')).issues).toEqual([{ field: 'files', code: 'feed.file_name' }]);
    expect(issueOf(() => storedFileName(undefined)).issues).toEqual([{ field: 'files', code: 'feed.file_name' }]);
    expect(issueOf(() => storedFileName('a\u0000.xml')).issues).toEqual([{ field: 'files', code: 'text.nul_character' }]);
  });
});

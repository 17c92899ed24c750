import type { FeedChange } from '@sesame/contracts';
import { changeRecord, changesHeader, csvLine } from './feed-changes-csv.rules';

const change = (over: Partial<FeedChange>): FeedChange => ({
  seq: 1, category: 'names', uai: '0750001U', joinKey: 'AAF-1', accountId: null, username: 'lou.conte', lastName: 'Conte', firstName: 'Lou', profile: 'student',
  before: null, after: null, ...over,
});

describe('a feed’s changes as CSV', () => {
  it('has French headers, and says each change in words', () => {
    expect(csvLine(changesHeader('fr'))).toBe('Catégorie;UAI;Clé de jointure;Identifiant;Nom;Prénom;Profil;Avant;Après\r\n');
    expect(changeRecord(change({ before: { lastName: 'Conte' }, after: { lastName: 'Fable' } }), 'fr')).toEqual([
      'Nom modifié', '0750001U', 'AAF-1', 'lou.conte', 'Conte', 'Lou', 'Élève', 'lastName: Conte', 'lastName: Fable',
    ]);
    expect(changeRecord(change({ category: 'moved', after: { classes: [{ uai: '0750001U', name: '6A' }, { uai: '0750001U', name: '6B' }] } }), 'en')[8]).toBe('classes: 0750001U 6A, 0750001U 6B');
  });

  it('neutralises cells a spreadsheet would run as formulas, and quotes separators', () => {
    const row = changeRecord(change({ category: 'new', lastName: '=HYPERLINK("http://evil")', firstName: '+33', username: null }), 'fr');
    expect(row[4]).toBe('\'=HYPERLINK("http://evil")');
    expect(row[5]).toBe("'+33");
    expect(csvLine(['a;b', 'c"d'])).toBe('"a;b";"c""d"\r\n');
  });
});

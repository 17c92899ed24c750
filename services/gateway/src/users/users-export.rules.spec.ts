import type { UserRow } from '@sesame/contracts';
import { EXPORT_PAGE_SIZE, csvLine, exportFileName, exportHeader, exportRecord, hasNextPage } from './users-export.rules';

const row = (over: Partial<UserRow> = {}): UserRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  lastName: 'Lefèvre',
  firstName: 'Zoé',
  displayName: 'Zoé Lefèvre',
  role: 'member',
  profile: 'student',
  username: 'zoe.lefevre',
  activated: false,
  activationCode: 'k3v9x2pa',
  email: null,
  classes: ['4e C', '4e D'],
  schoolIds: [],
  managedBy: null,
  createdAt: '2026-12-04T23:30:00.000Z',
  deactivatedAt: null,
  preDeletedAt: null,
  lastDistributedAt: null,
  ...over,
});

describe('the export of a selection', () => {
  it('has the columns of the verification list, in French or English', () => {
    expect(exportHeader('fr')).toEqual(['Nom', 'Prénom', 'Profil', 'Identifiant', 'Code d’activation', 'Adresse e-mail', 'Classes', 'Date de création']);
    expect(exportHeader('en')[4]).toBe('Activation code');
  });

  it('writes an account as the list shows it: profile or role in words, the Paris day, classes together', () => {
    expect(exportRecord(row(), 'fr')).toEqual(['Lefèvre', 'Zoé', 'Élève', 'zoe.lefevre', 'k3v9x2pa', '', '4e C, 4e D', '05/12/2026']);
    expect(exportRecord(row({ role: 'supervisor', profile: null, activationCode: null, email: 'vie@ac-paris.fr', classes: [] }), 'en')).toEqual([
      'Lefèvre',
      'Zoé',
      'Supervisor',
      'zoe.lefevre',
      '',
      'vie@ac-paris.fr',
      '',
      '05/12/2026',
    ]);
  });

  it('neutralises what a spreadsheet would run as a formula', () => {
    expect(exportRecord(row({ lastName: '=HYPERLINK("http://x")' }), 'fr')[0]).toBe('\'=HYPERLINK("http://x")');
  });

  it('quotes the cells that need it, lines ending as Windows ends them', () => {
    expect(csvLine(['a', 'b;c', 'd"e', 'f\ng'])).toBe('a;"b;c";"d""e";"f\ng"\r\n');
  });

  it('names the file after the day, and pages until the total', () => {
    expect(exportFileName(new Date('2026-12-04T23:30:00Z'), 'fr')).toBe('comptes-2026-12-05.csv');
    expect(hasNextPage(1, EXPORT_PAGE_SIZE, EXPORT_PAGE_SIZE * 2)).toBe(true);
    expect(hasNextPage(2, EXPORT_PAGE_SIZE, EXPORT_PAGE_SIZE * 2)).toBe(false);
    expect(hasNextPage(1, 12, 12)).toBe(false);
  });
});

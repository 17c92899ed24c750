import type { ImportIssue } from '@sesame/contracts';
import { errorCell, issueMessage, reportHeader, reportRecord, reportRowIssues } from './report-csv.rules';

const issue = (over: Partial<ImportIssue>): ImportIssue => ({ line: 2, column: 'userName', value: 'x', code: 'username.taken', ...over });

describe('issue messages', () => {
  it('says account rules and import rules in complete sentences, in French and English', () => {
    expect(issueMessage(issue({ code: 'username.first_character' }), 'fr')).toBe('L’identifiant doit commencer par une lettre ou un chiffre.');
    expect(issueMessage(issue({ value: 'jdupont' }), 'fr')).toBe('Un compte porte déjà l’identifiant « jdupont ».');
    expect(issueMessage(issue({ value: 'jdupont' }), 'en')).toBe('An account already has the username “jdupont”.');
    expect(issueMessage(issue({ code: 'username.duplicate', value: 'a', params: { firstLine: 3 } }), 'fr')).toBe(
      'L’identifiant « a » figure déjà à la ligne 3 du fichier.',
    );
  });

  it('joins several issues of a row, each with its column', () => {
    const cell = errorCell([issue({ code: 'username.required', value: '' }), issue({ column: 'email', code: 'email.invalid' })], 'fr');
    expect(cell).toBe('userName : L’identifiant est obligatoire. email : Cette adresse e-mail n’est pas valide.');
  });
});

describe('report lines', () => {
  it('adds the error column to the header, with the file’s own problems', () => {
    expect(reportHeader(['userName', 'Prénom'], [], 'fr')).toEqual(['userName', 'Prénom', 'erreurs']);
    const header = reportHeader(['Prénom'], [{ line: 1, column: 'Prénom', value: 'Prénom', code: 'header.suggestion', params: { expected: 'firstName' } }], 'en');
    expect(header[1]).toBe('errors: Prénom: The header “Prénom” is not recognised: did you mean “firstName”?');
  });

  it('pads short rows and neutralises formulas in every cell', () => {
    expect(reportRecord(['x', '=cmd'], 3, [], 'fr')).toEqual(['x', "'=cmd", '', '']);
  });
});

describe('reportRowIssues', () => {
  it('asks to type the password again on the rows that had one, and only there', () => {
    const found = [issue({})];
    expect(reportRowIssues({ line: 2, issues: found, passwordGiven: false })).toEqual(found);
    const asked = reportRowIssues({ line: 3, issues: [], passwordGiven: true });
    expect(asked).toEqual([{ line: 3, column: 'password', value: '', code: 'report.retype_password' }]);
    expect(errorCell(asked, 'fr')).toBe('password : Retapez le mot de passe avant de charger ce fichier à nouveau : il n’est jamais recopié dans le fichier annoté.');
  });
});

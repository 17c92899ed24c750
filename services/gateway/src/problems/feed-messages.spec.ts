import { feedErrorMessage } from './feed-messages';

describe('a feed’s read error, said to people', () => {
  it('names the file, the record and the field, in French and in English', () => {
    const error = { code: 'date.malformed', file: 'ENTAAF_Complet_20260901_Eleve_0000.xml', record: 'Eleve 1234', field: 'ENTPersonDateNaissance', params: { value: '31/02/2012' } };
    expect(feedErrorMessage(error, 'fr')).toBe(
      'Fichier « ENTAAF_Complet_20260901_Eleve_0000.xml », Eleve 1234, champ « ENTPersonDateNaissance » : « 31/02/2012 » n’est pas une date : il faut jj/mm/aaaa, par exemple 14/07/2012.',
    );
    expect(feedErrorMessage(error, 'en')).toBe(
      'File “ENTAAF_Complet_20260901_Eleve_0000.xml”, Eleve 1234, field “ENTPersonDateNaissance”: “31/02/2012” is not a date: write dd/mm/yyyy, for example 14/07/2012.',
    );
  });

  it('says why a read that was given up ended, whatever its code', () => {
    expect(feedErrorMessage({ code: 'failure.session_expired', file: '' }, 'en')).toMatch(/authorisation given at upload expired/);
    expect(feedErrorMessage({ code: 'something.new', file: '' }, 'fr')).toMatch(/n’a pas pu aboutir/);
  });
});

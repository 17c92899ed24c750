import { FeedError } from '@sesame/feeds';
import { deliveryFileNames, feedReadError } from './feed-reader.service';

describe('what a feed keeps of its read', () => {
  it('names each uploaded file, then a zip’s entries', () => {
    expect(deliveryFileNames(['/feeds/x/files/siecle.zip', '/feeds/x/files/sts_emp_0750001U_2026.xml'], [
      { name: 'ElevesSansAdresses.xml' }, { name: 'ResponsablesAvecAdresses.xml' }, { name: 'sts_emp_0750001U_2026.xml' },
    ])).toEqual(['siecle.zip', 'sts_emp_0750001U_2026.xml', 'ElevesSansAdresses.xml', 'ResponsablesAvecAdresses.xml']);
  });

  it('keeps a reader’s refusal whole: code, file, record, field and the message’s values', () => {
    const error = new FeedError('date.malformed', { file: 'x_Complet_20260901_Eleve_0000.xml', record: 'Eleve 1002', field: 'ENTPersonDateNaissance', params: { value: '31/02/2012' } });
    expect(feedReadError(error)).toEqual({ code: 'date.malformed', file: 'x_Complet_20260901_Eleve_0000.xml', record: 'Eleve 1002', field: 'ENTPersonDateNaissance', params: { value: '31/02/2012' } });
    expect(feedReadError(new FeedError('delivery.empty', { file: '' }))).toEqual({ code: 'delivery.empty', file: '' });
  });
});

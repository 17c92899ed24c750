import { FeedError } from '@sesame/feeds';
import { ServiceFailure } from '@sesame/contracts';
import { alreadySettled, deliveryFileNames, feedReadError } from './feed-reader.service';

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

  it('takes identity’s “no longer reading” for the work of an earlier run, and nothing else', () => {
    expect(alreadySettled(new ServiceFailure('conflict', { params: { reason: 'feed_not_reading', status: 'diffing' } }))).toBe(true);
    expect(alreadySettled(new ServiceFailure('conflict', { params: { reason: 'feed_incomplete' } }))).toBe(false);
    expect(alreadySettled(new ServiceFailure('service_unavailable'))).toBe(false);
  });
});

import { ServiceFailure } from '@sesame/contracts';
import { permanentFailure } from './job-failures.rules';

describe('permanentFailure', () => {
  it('ends a job at once when identity refuses for good', () => {
    expect(permanentFailure(new ServiceFailure('unauthenticated'))).toBe('failure.session_expired');
    expect(permanentFailure(new ServiceFailure('forbidden'))).toBe('failure.refused');
    expect(permanentFailure(new ServiceFailure('validation_failed'))).toBe('failure.refused');
  });

  it('lets BullMQ retry what may pass later', () => {
    expect(permanentFailure(new ServiceFailure('service_unavailable'))).toBeNull();
    expect(permanentFailure(new ServiceFailure('internal'))).toBeNull();
    expect(permanentFailure(new ServiceFailure('conflict', { params: { reason: 'import_incomplete' } }))).toBeNull();
    expect(permanentFailure(new Error('connection terminated'))).toBeNull();
  });
});

import { PROFILE_ORDER_SQL } from '@sesame/contracts';
import { PROFILE_ORDER_AT_0011 } from './0011-profile-order';

describe('the index of the profile order', () => {
  it('is built on the PROFILE_ORDER the selection sorts by (else the manager’s listing would sort without it)', () => {
    expect(PROFILE_ORDER_SQL).toBe(PROFILE_ORDER_AT_0011);
  });
});

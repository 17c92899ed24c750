import { useListContext, usePermissions, useTranslate } from 'react-admin';
import { type Role, can } from '../common/roles';
import { campaignSelection } from './campaign-selection';
import { ChannelButtons } from './ChannelButtons';

/**
 * The ENT's step 3, on the accounts list itself: what is distributed is exactly the selection the
 * list shows (its filters and its order), checked by the user in step 2.
 */
export function DistributeButtons() {
  const translate = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const { filterValues, sort, total, isPending } = useListContext();
  if (!can.distribute(role)) return null;
  const empty = isPending || !total;
  return (
    <ChannelButtons
      selection={campaignSelection(filterValues, sort.field)}
      labels={{ pdf: translate('sesame.distribution.pdfButton'), email: translate('sesame.distribution.emailButton') }}
      disabled={{ pdf: empty, email: empty }}
    />
  );
}

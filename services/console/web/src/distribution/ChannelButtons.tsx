import EmailIcon from '@mui/icons-material/Email';
import PictureAsPdfIcon from '@mui/icons-material/PictureAsPdf';
import { Button, type ButtonProps } from '@mui/material';
import { useState } from 'react';
import type { CampaignSelection } from './campaign-selection';
import { DistributeDialog } from './DistributeDialog';

type Channel = 'pdf' | 'email';

/**
 * The two ways to distribute a selection — letters in a PDF, or emails — as two buttons that open
 * the distribution dialog: for the list's selection, the ticked rows, or one account.
 */
export function ChannelButtons({
  selection,
  labels,
  disabled = {},
  buttons = {},
}: {
  selection: CampaignSelection;
  labels: Record<Channel, string>;
  disabled?: Partial<Record<Channel, boolean>>;
  buttons?: Partial<Record<Channel, ButtonProps>>;
}) {
  const [channel, setChannel] = useState<Channel>();
  return (
    <>
      <Button startIcon={<PictureAsPdfIcon />} {...buttons.pdf} onClick={() => setChannel('pdf')} disabled={disabled.pdf}>
        {labels.pdf}
      </Button>
      <Button startIcon={<EmailIcon />} {...buttons.email} onClick={() => setChannel('email')} disabled={disabled.email}>
        {labels.email}
      </Button>
      {channel && <DistributeDialog channel={channel} selection={selection} onClose={() => setChannel(undefined)} />}
    </>
  );
}

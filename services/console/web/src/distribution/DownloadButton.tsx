import DownloadIcon from '@mui/icons-material/Download';
import { Button, Typography } from '@mui/material';
import { useState } from 'react';
import { useLocaleState, useNotify, useTranslate } from 'react-admin';
import { type CampaignView, campaignsApi } from './campaigns-api';
import { formatDateTime } from './labels';

/**
 * The PDF of a completed letter campaign. Fetched with the session's token (a plain link could not
 * carry it) and saved by the browser; nothing is shown for a campaign without a document, and when
 * it was deleted after the retention delay, the date it was.
 */
export function DownloadButton({ campaign, compact = false }: { campaign: CampaignView; compact?: boolean }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [locale] = useLocaleState();
  const [pending, setPending] = useState(false);
  if (campaign.channel !== 'pdf' || campaign.status !== 'completed' || !campaign.document || campaign.counts.printed === 0) return null;
  if (campaign.document.deletedAt) {
    return (
      <Typography variant="body2" color="text.secondary">
        {translate('sesame.campaigns.documentDeleted', { date: formatDateTime(campaign.document.deletedAt, locale) })}
      </Typography>
    );
  }
  const kilobytes = Math.max(1, Math.round(campaign.document.bytes / 1024)).toLocaleString(locale === 'en' ? 'en-GB' : 'fr-FR');
  const download = async () => {
    setPending(true);
    try {
      await campaignsApi.download(campaign.id);
    } catch (failure) {
      notify((failure as Error).message, { type: 'error', messageArgs: { _: (failure as Error).message } });
    } finally {
      setPending(false);
    }
  };
  return (
    <Button
      variant={compact ? 'text' : 'contained'}
      startIcon={<DownloadIcon />}
      onClick={download}
      disabled={pending}
      // The short label is named in full for screen readers: which campaign's PDF.
      aria-label={compact ? translate('sesame.campaigns.downloadOf', { date: formatDateTime(campaign.createdAt, locale) }) : undefined}
    >
      {compact
        ? translate('sesame.campaigns.downloadShort')
        : translate('sesame.campaigns.download', { smart_count: campaign.document.pages, size: kilobytes })}
    </Button>
  );
}

import { Box, Button, Card, CardContent, CircularProgress, LinearProgress, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { Form, RadioButtonGroupInput, SelectInput, useGetIdentity, useTranslate } from 'react-admin';
import { useFormState, useWatch } from 'react-hook-form';
import { useNavigate } from 'react-router-dom';
import { schoolLabel, useSchoolChoices } from '../accounts/AccountFilters';
import { type Me, can } from '../common/roles';
import { useSubmit } from '../common/useSubmit';
import { FileDrop } from '../imports/FileDrop';
import { uploadProblem } from './feed-state';
import { type FeedKind, feedsApi } from './feeds-api';

interface UploadValues extends Record<string, unknown> {
  kind: FeedKind;
  uai?: string | null;
  files?: File[] | null;
}

/** Sends once files are chosen; says how far the upload has gone (a delivery weighs hundreds of megabytes). */
function UploadButton({ percent }: { percent: number | null }) {
  const translate = useTranslate();
  const files = useWatch({ name: 'files', compute: (value: unknown) => Array.isArray(value) && value.length > 0 });
  const { isSubmitting } = useFormState();
  return (
    <>
      <Button type="submit" variant="contained" disabled={!files || isSubmitting} startIcon={isSubmitting ? <CircularProgress size={16} /> : undefined}>
        {translate(isSubmitting ? 'sesame.feeds.upload.sending' : 'sesame.feeds.upload.submit')}
      </Button>
      {isSubmitting && percent !== null && (
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mt: 2 }}>
          <LinearProgress variant="determinate" value={percent} aria-label={translate('sesame.feeds.upload.progressLabel')} sx={{ flex: 1, height: 10, borderRadius: 5 }} />
          <Typography role="status" aria-live="polite" sx={{ minWidth: 200 }}>
            {translate('sesame.feeds.upload.sent', { percent })}
          </Typography>
        </Stack>
      )}
    </>
  );
}

/** The files' help for the kind chosen: AAF's ficAlimMENESR files, or a school's exports. */
function KindHelp() {
  const translate = useTranslate();
  const kind = useWatch({ name: 'kind' }) as FeedKind;
  return <Typography sx={{ mb: 2 }}>{translate(kind === 'aaf' ? 'sesame.feeds.upload.aafHelp' : 'sesame.feeds.upload.schoolHelp')}</Typography>;
}

/** The school of a school export: among the schools one may feed (an administrator's own). */
function SchoolChoice() {
  const translate = useTranslate();
  const kind = useWatch({ name: 'kind' }) as FeedKind;
  const { schools } = useSchoolChoices();
  if (kind === 'aaf') return null;
  return (
    <SelectInput
      source="uai"
      label={translate('sesame.feeds.upload.school')}
      helperText={translate('sesame.feeds.upload.schoolHelpField')}
      choices={schools.map((school) => ({ id: school.uai, name: schoolLabel(school) }))}
      emptyText=""
      fullWidth
    />
  );
}

/**
 * The upload of a feed (issue 15): an AAF delivery (the manager's) or one school's export, several
 * files or a zip, sent with its progress; the feed's page follows, where the comparison appears.
 */
export function FeedUpload() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { identity } = useGetIdentity();
  const me = identity as unknown as Me | undefined;
  const [percent, setPercent] = useState<number | null>(null);
  const { submit, error } = useSubmit(async (values: UploadValues) => {
    setPercent(0);
    try {
      const feed = await feedsApi.upload({ kind: values.kind, uai: values.uai ?? undefined, files: values.files ?? [] }, setPercent);
      navigate(`/feeds/${feed.id}/show`);
    } finally {
      setPercent(null);
    }
  });
  if (!me) return null;
  const aaf = can.uploadAaf(me.role);
  const guarded = (values: Record<string, unknown>) => {
    const problem = uploadProblem(values as UploadValues, me.role);
    if (problem) return { [problem === 'aafManagerOnly' ? 'kind' : problem]: translate(`sesame.feeds.upload.problems.${problem}`) };
    return submit(values);
  };
  return (
    <Card component="section" aria-labelledby="feed-upload" sx={{ mt: 2 }}>
      <CardContent>
        <Typography id="feed-upload" component="h2" variant="h6" gutterBottom>
          {translate('sesame.feeds.upload.title')}
        </Typography>
        <Typography sx={{ mb: 1 }}>{translate('sesame.feeds.upload.intro')}</Typography>
        {!aaf && <Typography sx={{ mb: 1 }}>{translate('sesame.feeds.upload.administratorOnly')}</Typography>}
        {error}
        <Form onSubmit={guarded} noValidate defaultValues={{ kind: aaf ? 'aaf' : 'school', uai: me.schools.length === 1 ? me.schools[0].uai : null, files: [] }}>
          {aaf && (
            <RadioButtonGroupInput
              source="kind"
              label={translate('sesame.feeds.upload.kind')}
              choices={(['aaf', 'school'] as const).map((kind) => ({ id: kind, name: translate(`sesame.feeds.upload.kinds.${kind}`) }))}
              row={false}
            />
          )}
          <KindHelp />
          <Box sx={{ maxWidth: 640 }}>
            <SchoolChoice />
          </Box>
          <FileDrop source="files" multiple accept=".xml,.zip,.csv,.txt,application/xml,text/xml,application/zip,text/csv" texts="sesame.feeds.upload" testId="feed-drop-zone" />
          <UploadButton percent={percent} />
        </Form>
      </CardContent>
    </Card>
  );
}

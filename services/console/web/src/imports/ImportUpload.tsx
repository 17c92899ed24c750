import DownloadIcon from '@mui/icons-material/Download';
import { Alert, Box, Button, Card, CardContent, CircularProgress, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Form, SelectInput, useGetIdentity, useLocaleState, useTranslate } from 'react-admin';
import { useFormState, useWatch } from 'react-hook-form';
import { useNavigate } from 'react-router-dom';
import { ManagedByInput } from '../accounts/AccountInputs';
import { schoolLabel, useSchoolChoices } from '../accounts/AccountFilters';
import type { Me } from '../common/roles';
import { useSubmit } from '../common/useSubmit';
import { FileDrop } from './FileDrop';
import { fileHead, supervisorRows } from './file-scan';
import { downloadTemplate } from './template';
import { importsApi } from './imports-api';

interface UploadValues extends Record<string, unknown> {
  file?: File | null;
  administratorId?: string | null;
  schoolId?: string | null;
}

/** Sends once a file is chosen; says that it is sending (a large file takes a moment). */
function UploadButton() {
  const translate = useTranslate();
  const file = useWatch({ name: 'file', compute: (value: unknown) => Boolean(value) });
  const { isSubmitting } = useFormState();
  return (
    <Button type="submit" variant="contained" disabled={!file || isSubmitting} startIcon={isSubmitting ? <CircularProgress size={16} /> : undefined}>
      {translate(isSubmitting ? 'sesame.imports.upload.sending' : 'sesame.imports.upload.submit')}
    </Button>
  );
}

/** How many supervisor rows the chosen file has (read in the browser), or undefined while reading. */
function useSupervisorRows(file: File | null | undefined): number | undefined {
  const [count, setCount] = useState<number>();
  useEffect(() => {
    setCount(file ? undefined : 0);
    if (!file) return;
    let current = true;
    fileHead(file).then(
      (text) => current && setCount(supervisorRows(text)),
      // Unreadable here: the importer reads it and reports.
      () => current && setCount(0),
    );
    return () => {
      current = false;
    };
  }, [file]);
  return count;
}

/** Said as soon as a manager's file shows supervisors and no administrator is chosen for them. */
function SupervisorsNeedAdministrator() {
  const translate = useTranslate();
  const file = useWatch({ name: 'file' }) as File | null | undefined;
  const administratorId = useWatch({ name: 'administratorId' }) as string | null | undefined;
  const count = useSupervisorRows(file);
  if (!count || administratorId) return null;
  return (
    <Alert severity="info" sx={{ mb: 2 }} data-testid="supervisors-need-administrator">
      {translate('sesame.imports.upload.supervisorsFound', { smart_count: count })}
    </Alert>
  );
}

/**
 * The upload (SPEC §5): a Collaborate CSV, the administrator of its supervisors (the manager
 * chooses; an administrator manages its own), a default school for member rows without one. The
 * report follows on the import's page.
 */
export function ImportUpload() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const { identity } = useGetIdentity();
  const me = identity as unknown as Me | undefined;
  const [locale] = useLocaleState();
  const { schools } = useSchoolChoices();
  const { submit, error } = useSubmit(async (values: UploadValues) => {
    const answer = await importsApi.upload(values.file!, { administratorId: values.administratorId ?? undefined, schoolId: values.schoolId ?? undefined });
    navigate(`/imports/${answer.id}/show`);
  });
  if (!me) return null;
  // The manager's supervisors need their administrator: refused here, on the field, rather than
  // after the upload with a report about the form.
  const guarded = async (values: Record<string, unknown>) => {
    const file = values.file as File | undefined;
    if (me.role === 'manager' && file && !values.administratorId) {
      const supervisors = supervisorRows(await fileHead(file));
      if (supervisors > 0) return { administratorId: translate('sesame.imports.upload.administratorRequired', { smart_count: supervisors }) };
    }
    return submit(values);
  };
  return (
    <Card component="section" aria-labelledby="import-upload" sx={{ mt: 2 }}>
      <CardContent>
        <Typography id="import-upload" component="h2" variant="h6" gutterBottom>
          {translate('sesame.imports.upload.title')}
        </Typography>
        <Typography>{translate('sesame.imports.upload.intro')}</Typography>
        <Box component="code" sx={{ display: 'block', my: 1, p: 1, bgcolor: 'grey.100', overflowX: 'auto', whiteSpace: 'nowrap' }}>
          userName, firstName, lastName, displayName, password, email, role, profile, school, classes, externalId
        </Box>
        <Typography sx={{ mb: 1 }}>{translate('sesame.imports.upload.rules')}</Typography>
        <Typography id="import-templates" sx={{ mb: 1 }}>
          {translate('sesame.imports.upload.templates')}
        </Typography>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 2 }}>
          <Button variant="outlined" size="small" startIcon={<DownloadIcon />} aria-describedby="import-templates" onClick={() => downloadTemplate('members', locale)}>
            {translate('sesame.imports.upload.templateMembers')}
          </Button>
          <Button variant="outlined" size="small" startIcon={<DownloadIcon />} aria-describedby="import-templates" onClick={() => downloadTemplate('staff', locale)}>
            {translate('sesame.imports.upload.templateStaff')}
          </Button>
        </Stack>
        {error}
        <Form onSubmit={guarded} noValidate>
          <FileDrop source="file" />
          {me.role === 'manager' && <SupervisorsNeedAdministrator />}
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
            {me.role === 'manager' ? (
              <ManagedByInput
                source="administratorId"
                label={translate('sesame.imports.upload.administrator')}
                helperText={translate('sesame.imports.upload.administratorHelp')}
                optional
              />
            ) : (
              <Typography sx={{ alignSelf: 'center' }}>{translate('sesame.imports.upload.supervisorsYours')}</Typography>
            )}
            <SelectInput
              source="schoolId"
              label={translate('sesame.imports.upload.defaultSchool')}
              helperText={translate('sesame.imports.upload.defaultSchoolHelp')}
              choices={schools.map((school) => ({ id: school.id, name: schoolLabel(school) }))}
              emptyText={translate('sesame.imports.upload.noDefaultSchool')}
              fullWidth
            />
          </Box>
          <UploadButton />
        </Form>
      </CardContent>
    </Card>
  );
}

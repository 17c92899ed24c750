import { Box, Button, Card, CardContent, CircularProgress, Typography } from '@mui/material';
import { Form, SelectInput, useGetIdentity, useTranslate } from 'react-admin';
import { useFormState, useWatch } from 'react-hook-form';
import { useNavigate } from 'react-router-dom';
import { ManagedByInput } from '../accounts/AccountInputs';
import { schoolLabel, useSchoolChoices } from '../accounts/AccountFilters';
import type { Me } from '../common/roles';
import { useSubmit } from '../common/useSubmit';
import { FileDrop } from './FileDrop';
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
  const { schools } = useSchoolChoices();
  const { submit, error } = useSubmit(async (values: UploadValues) => {
    const answer = await importsApi.upload(values.file!, { administratorId: values.administratorId ?? undefined, schoolId: values.schoolId ?? undefined });
    navigate(`/imports/${answer.id}/show`);
  });
  if (!me) return null;
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
        <Typography sx={{ mb: 2 }}>{translate('sesame.imports.upload.rules')}</Typography>
        {error}
        <Form onSubmit={submit} noValidate>
          <FileDrop source="file" />
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

import { Box, Button, Card, CardContent, Typography } from '@mui/material';
import { useState } from 'react';
import {
  Create,
  CreateButton,
  DataTable,
  Form,
  Link,
  List,
  ShowBase,
  SimpleForm,
  TextInput,
  Title,
  TopToolbar,
  required,
  useCreate,
  useGetList,
  useNotify,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { wrongUaiCheckLetter } from '@sesame/account-rules/src/uai.rules';
import { type Role, can } from '../common/roles';

interface School {
  id: string;
  uai: string;
  name: string;
  city: string | null;
}

/** 7 digits and their check letter (e.g. 0750654D): the API's rules, said before sending. */
const validateUai = (value: unknown) => {
  if (typeof value !== 'string' || !/^\d{7}[A-Za-z]$/.test(value.trim())) return 'sesame.schools.uaiFormat';
  const letter = wrongUaiCheckLetter(value);
  return letter ? { message: 'sesame.schools.uaiCheck', args: { letter } } : undefined;
};

function SchoolActions() {
  const translate = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  return <TopToolbar>{can.createSchools(role) && <CreateButton label={translate('sesame.schools.create')} />}</TopToolbar>;
}

/** Schools of the user's scope (all of them for the manager), with their UAI. */
export function SchoolList() {
  const translate = useTranslate();
  return (
    <List title={translate('sesame.sections.schools')} actions={<SchoolActions />} sort={{ field: 'name', order: 'ASC' }} perPage={50} empty={false}>
      <Box sx={{ overflowX: 'auto' }}>
        <DataTable rowClick={false} bulkActionButtons={false} empty={<Typography sx={{ p: 2 }}>{translate('sesame.schools.none')}</Typography>}>
          <DataTable.Col source="name" label={translate('sesame.fields.schoolName')} render={(school: School) => <Link to={`/schools/${school.id}/show`}>{school.name}</Link>} />
          <DataTable.Col source="uai" label={translate('sesame.fields.uai')} />
          <DataTable.Col source="city" label={translate('sesame.fields.city')} />
        </DataTable>
      </Box>
    </List>
  );
}

export function SchoolCreate() {
  const translate = useTranslate();
  return (
    <Create title={translate('sesame.schools.create')} redirect="show" mutationMode="pessimistic">
      <SimpleForm sx={{ maxWidth: 560 }} mode="onChange">
        <TextInput source="uai" label={translate('sesame.fields.uai')} helperText={translate('sesame.schools.uaiHelp')} validate={[required(), validateUai]} fullWidth />
        <TextInput source="name" label={translate('sesame.fields.schoolName')} validate={required()} fullWidth />
        <TextInput source="city" label={translate('sesame.fields.city')} fullWidth />
      </SimpleForm>
    </Create>
  );
}

function AddClass({ schoolId }: { schoolId: string }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [create] = useCreate();
  // A new form (empty field) after each class added.
  const [generation, setGeneration] = useState(0);
  const submit = async (values: Record<string, unknown>) => {
    try {
      await create('classes', { data: { schoolId, name: values.name } }, { returnPromise: true });
      notify('sesame.schools.classAdded', { type: 'success', messageArgs: { name: String(values.name) } });
      setGeneration((n) => n + 1);
      return undefined;
    } catch (failure) {
      const errors = (failure as { body?: { errors?: Record<string, unknown> } }).body?.errors;
      if (!errors) notify((failure as Error).message, { type: 'error', messageArgs: { _: (failure as Error).message } });
      return errors;
    }
  };
  return (
    <Form key={generation} record={{}} onSubmit={submit} noValidate>
      <Box component="section" aria-labelledby="add-class" sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <Typography id="add-class" component="h3" variant="h6" sx={{ width: '100%' }}>
          {translate('sesame.schools.addClass')}
        </Typography>
        <TextInput source="name" label={translate('sesame.fields.className')} validate={required()} />
        <Button type="submit" variant="contained" sx={{ mt: 1 }}>
          {translate('sesame.schools.addClassButton')}
        </Button>
      </Box>
    </Form>
  );
}

function SchoolDetails() {
  const translate = useTranslate();
  const { permissions: role } = usePermissions<Role>();
  const school = useRecordContext<School>();
  const { data: classes = [], isPending } = useGetList('classes', { filter: { schoolId: school?.id }, pagination: { page: 1, perPage: 10_000 } }, { enabled: !!school });
  if (!school) return null;
  return (
    <Card sx={{ mt: 2 }}>
      <Title title={school.name} />
      <CardContent>
        <Typography component="h2" variant="h5">
          {school.name}
        </Typography>
        <Typography gutterBottom>{translate('sesame.schools.identity', { uai: school.uai, city: school.city ?? '—' })}</Typography>
        <Typography component="h3" variant="h6" sx={{ mt: 2 }}>
          {translate('sesame.schools.classes')}
        </Typography>
        {!isPending && classes.length === 0 && <Typography>{translate('sesame.schools.noClasses')}</Typography>}
        <Box component="ul" sx={{ columns: { xs: 2, sm: 4 }, pl: 3 }}>
          {classes.map((c) => (
            <li key={c.id}>{c.name}</li>
          ))}
        </Box>
        <Button component={Link} to={`/users?filter=${encodeURIComponent(JSON.stringify({ schoolId: school.id }))}`} variant="outlined" sx={{ mb: 3 }}>
          {translate('sesame.schools.accounts')}
        </Button>
        {can.createClasses(role) && <AddClass schoolId={school.id} />}
      </CardContent>
    </Card>
  );
}

/** A school, its classes (alphabetical) and the form to add one. */
export function SchoolShow() {
  return (
    <ShowBase>
      <SchoolDetails />
    </ShowBase>
  );
}

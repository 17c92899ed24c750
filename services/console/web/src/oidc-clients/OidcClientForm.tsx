import { Alert, Box, Button, CircularProgress, Typography } from '@mui/material';
import { type ReactNode, useState } from 'react';
import { AutocompleteArrayInput, BooleanInput, CheckboxGroupInput, Form, Link, RadioButtonGroupInput, TextInput, required, useTranslate } from 'react-admin';
import { useFormState, useWatch } from 'react-hook-form';
import { schoolLabel, useSchoolChoices } from '../accounts/AccountFilters';
import { PROFILES } from '../accounts/labels';
import { ApiError } from '../providers/http';
import { MACHINE_OPERATIONS, OIDC_CLIENT_KINDS, type OidcClientFormValues, type OidcClientKind, hasBackchannel, placeClientErrors, scopesFor, shownFields, signsPeopleIn } from './oidc-client.rules';

const key = (name: string) => `sesame.oidcClients.fields.${name}`;

function KindInput() {
  const translate = useTranslate();
  const kind: OidcClientKind = useWatch({ name: 'kind' });
  return (
    <RadioButtonGroupInput
      source="kind"
      label={translate(key('kind'))}
      choices={OIDC_CLIENT_KINDS.map((id) => ({ id, name: translate(`sesame.oidcClients.kinds.${id}`) }))}
      helperText={translate(`sesame.oidcClients.kindHelp.${kind}`)}
      row={false}
    />
  );
}

/** A kind that cannot change (PATCH has none): said, not offered. */
function FixedKind({ kind }: { kind: OidcClientKind }) {
  const translate = useTranslate();
  return <Typography sx={{ mb: 2 }}>{translate(key('kindFixed'), { kind: translate(`sesame.oidcClients.kinds.${kind}`), help: translate(`sesame.oidcClients.kindHelp.${kind}`) })}</Typography>;
}

/** Addresses, one per line: what a tool's documentation gives to copy. */
function AddressesInput({ source, isRequired = false }: { source: 'redirectUris' | 'postLogoutRedirectUris'; isRequired?: boolean }) {
  const translate = useTranslate();
  return (
    <TextInput
      source={source}
      label={translate(key(source))}
      helperText={translate(key(`${source}Help`))}
      isRequired={isRequired}
      multiline
      minRows={2}
      spellCheck={false}
      autoComplete="off"
      fullWidth
    />
  );
}

function ScopesInput({ kind }: { kind: OidcClientKind }) {
  const translate = useTranslate();
  return (
    <CheckboxGroupInput
      source="scopes"
      label={translate(key('scopes'))}
      helperText={translate(key(kind === 'machine' ? 'scopesMachineHelp' : 'scopesHelp'))}
      choices={scopesFor(kind).map((scope) => ({ id: scope, name: translate(`sesame.oidcClients.scopes.${scope}`) }))}
      row={false}
      isRequired
    />
  );
}

/** Whose accounts the client reaches (who may sign in, or whom a machine reads and writes): none chosen means everybody. */
function ReachInputs({ kind }: { kind: OidcClientKind }) {
  const translate = useTranslate();
  const { schools } = useSchoolChoices();
  const machine = kind === 'machine' ? 'Machine' : '';
  return (
    <>
      <CheckboxGroupInput
        source="allowedProfiles"
        label={translate(key('allowedProfiles'))}
        helperText={translate(key(`allowedProfiles${machine}Help`))}
        choices={PROFILES.map((profile) => ({ id: profile, name: translate(`sesame.profiles.${profile}`) }))}
      />
      <AutocompleteArrayInput
        source="allowedSchoolIds"
        label={translate(key('allowedSchoolIds'))}
        helperText={translate(key(`allowedSchoolIds${machine}Help`))}
        choices={schools.map((school) => ({ id: school.id, name: schoolLabel(school) }))}
        fullWidth
      />
    </>
  );
}

/** What a machine client may do through SCIM: reading always, writing with the « scim » scope. */
function OperationsInput() {
  const translate = useTranslate();
  const scopes: string[] = useWatch({ name: 'scopes' }) ?? [];
  const scim = scopes.includes('scim');
  return (
    <CheckboxGroupInput
      source="operations"
      label={translate(key('operations'))}
      helperText={translate(key(scim ? 'operationsHelp' : 'operationsNeedScim'))}
      choices={MACHINE_OPERATIONS.map((operation) => ({
        id: operation,
        name: translate(`sesame.oidcClients.operations.${operation}`),
        disabled: operation === 'read' || !scim,
      }))}
      row={false}
    />
  );
}

/** What only a tool that signs people in has: consent, subject ids, relatives' links. */
function SignInInputs() {
  const translate = useTranslate();
  const scopes: string[] = useWatch({ name: 'scopes' }) ?? [];
  const sesame = scopes.includes('sesame');
  return (
    <>
      <BooleanInput source="consentRequired" label={translate(key('consentRequired'))} helperText={translate(key('consentRequiredHelp'))} />
      <BooleanInput source="pairwise" label={translate(key('pairwise'))} helperText={translate(key('pairwiseHelp'))} />
      <BooleanInput
        source="relativesLinks"
        label={translate(key('relativesLinks'))}
        helperText={translate(key(sesame ? 'relativesLinksHelp' : 'relativesLinksNeedsSesame'))}
        disabled={!sesame}
      />
    </>
  );
}

function KindFields({ creating, fixedKind }: { creating: boolean; fixedKind?: OidcClientKind }) {
  const translate = useTranslate();
  const watched: OidcClientKind = useWatch({ name: 'kind' });
  const kind = fixedKind ?? watched;
  return (
    <>
      {creating ? <KindInput /> : <FixedKind kind={kind} />}
      <TextInput source="name" label={translate(key('name'))} helperText={translate(key('nameHelp'))} validate={required()} autoComplete="off" fullWidth />
      {signsPeopleIn(kind) && (
        <>
          <AddressesInput source="redirectUris" isRequired />
          <AddressesInput source="postLogoutRedirectUris" />
          {hasBackchannel(kind) && (
            <TextInput source="backchannelLogoutUri" label={translate(key('backchannelLogoutUri'))} helperText={translate(key('backchannelLogoutUriHelp'))} autoComplete="off" fullWidth />
          )}
        </>
      )}
      <ScopesInput kind={kind} />
      <ReachInputs kind={kind} />
      {signsPeopleIn(kind) ? <SignInInputs /> : <OperationsInput />}
    </>
  );
}

function SubmitButton({ label }: { label: string }) {
  const { isSubmitting } = useFormState();
  return (
    <Button type="submit" variant="contained" disabled={isSubmitting} startIcon={isSubmitting ? <CircularProgress size={16} /> : undefined}>
      {label}
    </Button>
  );
}

/**
 * The registration's form, for a new tool (`kind` offered) or an existing one (its kind fixed). The
 * API checks everything (an address missing, a scope of another kind…); its sentences are put on the
 * fields they name, the rest above the form.
 */
export function OidcClientForm({
  defaultValues,
  fixedKind,
  submitLabel,
  onSubmit,
  children,
}: {
  defaultValues: OidcClientFormValues;
  fixedKind?: OidcClientKind;
  submitLabel: string;
  onSubmit: (values: OidcClientFormValues) => Promise<void>;
  children?: ReactNode;
}) {
  const translate = useTranslate();
  const [message, setMessage] = useState<string>();
  const creating = fixedKind === undefined;
  const submit = async (values: Record<string, unknown>) => {
    setMessage(undefined);
    const typed = values as unknown as OidcClientFormValues;
    try {
      await onSubmit(typed);
      return undefined;
    } catch (failure) {
      const errors = failure instanceof ApiError ? failure.problem.errors : undefined;
      if (errors?.length) {
        const placed = placeClientErrors(errors, shownFields(fixedKind ?? typed.kind, creating));
        setMessage(placed.message);
        return placed.fields;
      }
      const text = (failure as Error).message;
      setMessage(translate(text, { _: text }));
      return undefined;
    }
  };
  return (
    <Form defaultValues={defaultValues} onSubmit={submit} noValidate disableInvalidFormNotification>
      {message && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {message}
        </Alert>
      )}
      <Box sx={{ maxWidth: 720 }}>
        <KindFields creating={creating} fixedKind={fixedKind} />
      </Box>
      <Box sx={{ display: 'flex', gap: 2, mt: 2, flexWrap: 'wrap' }}>
        <SubmitButton label={submitLabel} />
        <Button component={Link} to="/oidc-clients">
          {translate('ra.action.cancel')}
        </Button>
        {children}
      </Box>
    </Form>
  );
}

import { Typography } from '@mui/material';
import { PasswordInput, useTranslate } from 'react-admin';
import { PASSWORD_MIN_LENGTH, validatePassword, validateSameAs } from './rules';

/**
 * A new password typed twice, checked as typed against the policy of SPEC §3, with the policy said
 * in one sentence above the fields.
 */
export function NewPasswordFields({
  source = 'password',
  usernameOf,
  label,
  required = true,
}: {
  source?: string;
  usernameOf: (values: Record<string, unknown>) => unknown;
  label?: string;
  required?: boolean;
}) {
  const translate = useTranslate();
  const hintId = `${source}-policy`;
  return (
    <>
      <Typography id={hintId} variant="body2" sx={{ mb: 1 }}>
        {translate('sesame.password.policy', { minimum: PASSWORD_MIN_LENGTH })}
      </Typography>
      <PasswordInput
        source={source}
        label={label ?? translate('sesame.password.new')}
        autoComplete="new-password"
        validate={validatePassword(usernameOf, { required })}
        isRequired={required}
        slotProps={{ htmlInput: { 'aria-describedby': hintId } }}
        fullWidth
      />
      <PasswordInput
        source={`${source}Confirmation`}
        label={translate('sesame.password.confirm')}
        autoComplete="new-password"
        isRequired={required}
        validate={[validateSameAs(source), (value: unknown, values: Record<string, unknown>) => (value || (!required && !values[source]) ? undefined : 'ra.validation.required')]}
        fullWidth
      />
    </>
  );
}

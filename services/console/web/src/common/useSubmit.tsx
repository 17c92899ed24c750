import { Alert } from '@mui/material';
import { type ReactNode, useState } from 'react';
import { useTranslate } from 'react-admin';
import { ApiError } from '../providers/http';
import { placeFieldErrors } from './form-errors';

/**
 * A form's submit handler for pages that call the API themselves: the gateway's field errors go on
 * the fields (react-admin's Form takes them as the handler's result), anything else above the form.
 * Given the form's `fields`, an error shown on its field is not said again above the form (nor is
 * the refusal's generic title): one mistake, one message. Such forms also set
 * `disableInvalidFormNotification`, so that react-admin does not add its own "the form contains
 * errors" notice.
 */
export function useSubmit<V extends Record<string, unknown>>(action: (values: V) => Promise<void>, fields?: readonly string[]) {
  const translate = useTranslate();
  const [message, setMessage] = useState<string>();
  const submit = async (values: Record<string, unknown>) => {
    setMessage(undefined);
    try {
      await action(values as V);
      return undefined;
    } catch (failure) {
      const text = (failure as Error).message;
      const errors = failure instanceof ApiError ? failure.body?.errors : undefined;
      if (fields && errors) {
        const placed = placeFieldErrors(errors, fields);
        setMessage(placed.message);
        return placed.fields;
      }
      setMessage(translate(text, { _: text }));
      return errors;
    }
  };
  const error: ReactNode = message ? (
    <Alert severity="error" sx={{ mb: 2 }}>
      {message}
    </Alert>
  ) : null;
  return { submit, error };
}

import { Alert } from '@mui/material';
import { type ReactNode, useState } from 'react';
import { useTranslate } from 'react-admin';
import { ApiError } from '../providers/http';

/**
 * A form's submit handler for pages that call the API themselves: the gateway's field errors go on
 * the fields (react-admin's Form takes them as the handler's result), anything else above the form.
 */
export function useSubmit<V extends Record<string, unknown>>(action: (values: V) => Promise<void>) {
  const translate = useTranslate();
  const [message, setMessage] = useState<string>();
  const submit = async (values: Record<string, unknown>) => {
    setMessage(undefined);
    try {
      await action(values as V);
      return undefined;
    } catch (failure) {
      const text = (failure as Error).message;
      setMessage(translate(text, { _: text }));
      return failure instanceof ApiError ? failure.body?.errors : undefined;
    }
  };
  const error: ReactNode = message ? (
    <Alert severity="error" sx={{ mb: 2 }}>
      {message}
    </Alert>
  ) : null;
  return { submit, error };
}

import { TextInput, type TextInputProps, useTranslate } from 'react-admin';
import { dayShown, dayTyped, isIsoDay } from './dates';

/**
 * A day typed as dd/mm/yyyy (a text field: a native date field would follow the browser's language);
 * the form holds yyyy-mm-dd once the day is complete, and says so when it cannot be read.
 */
export function DayInput(props: Omit<TextInputProps, 'format' | 'parse'>) {
  const translate = useTranslate();
  const validate = (value: unknown) => (value === undefined || value === null || value === '' || isIsoDay(value) ? undefined : translate('sesame.dates.invalid'));
  return (
    <TextInput
      {...props}
      format={dayShown}
      parse={(text: string) => dayTyped(text) ?? text}
      validate={validate}
      placeholder={translate('sesame.dates.placeholder')}
      slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'off' }, inputLabel: { shrink: true } }}
    />
  );
}

import { ThemeProvider, createTheme, type Theme } from '@mui/material/styles';
import { enUS, frFR } from '@mui/material/locale';
import { type ReactNode, useCallback } from 'react';
import { useLocaleState } from 'react-admin';

/**
 * MUI's own words (the autocomplete's "Open", "Clear", "No options", the alert's "Close") in the
 * interface's language: without this they stay English in the French console.
 */
export function LocalizedTheme({ children }: { children: ReactNode }) {
  const [locale] = useLocaleState();
  const localize = useCallback((outer: Theme) => createTheme(outer, locale === 'en' ? enUS : frFR), [locale]);
  return <ThemeProvider theme={localize}>{children}</ThemeProvider>;
}

import { ToggleButton, ToggleButtonGroup } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { rememberChoice } from '../i18n/locale';

const LANGUAGES = [
  { locale: 'fr', name: 'Français' },
  { locale: 'en', name: 'English' },
] as const;

/** Two buttons, each named in its own language; the choice is kept in the browser (react-admin's store, and a cookie the sign-in pages read). */
export function LanguageSwitch({ onDark = false }: { onDark?: boolean }) {
  const translate = useTranslate();
  const [locale, setLocale] = useLocaleState();
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      value={locale}
      onChange={(_, next: 'fr' | 'en' | null) => {
        if (!next) return;
        rememberChoice(next);
        setLocale(next);
      }}
      aria-label={translate('sesame.language.label')}
      sx={onDark ? { '& .MuiToggleButton-root': { color: '#fff', borderColor: 'rgba(255,255,255,0.6)' }, '& .Mui-selected': { color: '#000091 !important', backgroundColor: '#fff !important' } } : undefined}
    >
      {LANGUAGES.map((language) => (
        <ToggleButton key={language.locale} value={language.locale} lang={language.locale} sx={{ textTransform: 'none', px: 1.5 }}>
          {language.name}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}

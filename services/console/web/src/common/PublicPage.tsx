import { Box, Card, CardContent, Typography } from '@mui/material';
import { type ReactNode, useEffect } from 'react';
import { Link, useTranslate } from 'react-admin';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { LocalizedTheme } from '../layout/LocalizedTheme';

/** Sets the browser tab's title (pages outside the console's layout have no app bar). */
export function useDocumentTitle(title: string): void {
  const translate = useTranslate();
  useEffect(() => {
    document.title = `${title} — ${translate('sesame.name')}`;
  }, [title, translate]);
}

/**
 * The frame of the pages one reaches without being signed in (sign-in, activation, password reset):
 * a banner with the language switch, one card whose heading is the page's h1, helpful links below.
 */
export function PublicPage({ title, children, links = [] }: { title: string; children: ReactNode; links?: Array<{ to: string; label: string }> }) {
  const translate = useTranslate();
  useDocumentTitle(title);
  return (
    <LocalizedTheme>
      <Box sx={{ minHeight: '100vh', bgcolor: '#f0f0f6', display: 'flex', flexDirection: 'column' }}>
        <Box component="header" sx={{ bgcolor: 'primary.main', color: '#fff', px: 3, py: 1.5, display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
          <Typography component="p" variant="h6" sx={{ flex: 1 }}>
            {translate('sesame.title')}
          </Typography>
          <LanguageSwitch onDark />
        </Box>
        <Box component="main" sx={{ flex: 1, display: 'flex', justifyContent: 'center', alignItems: 'flex-start', p: { xs: 1, sm: 4 } }}>
          <Card sx={{ width: '100%', maxWidth: 560 }}>
            <CardContent sx={{ p: { xs: 2, sm: 4 } }}>
              <Typography component="h1" variant="h5" gutterBottom>
                {title}
              </Typography>
              {children}
            </CardContent>
            {links.length > 0 && (
              <Box component="nav" aria-label={translate('sesame.navigation.help')} sx={{ px: { xs: 2, sm: 4 }, pb: 3 }}>
                <Box component="ul" sx={{ m: 0, pl: 2.5, display: 'grid', gap: 1 }}>
                  {links.map((link) => (
                    <li key={link.to}>
                      <Link to={link.to}>{link.label}</Link>
                    </li>
                  ))}
                </Box>
              </Box>
            )}
          </Card>
        </Box>
      </Box>
    </LocalizedTheme>
  );
}

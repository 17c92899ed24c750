import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import HomeIcon from '@mui/icons-material/Home';
import LinkOffIcon from '@mui/icons-material/LinkOff';
import { Box, Button, Stack, Typography } from '@mui/material';
import { Link, Title, useTranslate } from 'react-admin';
import { useNavigate } from 'react-router-dom';

/**
 * An address that leads nowhere (an old bookmark, a mistyped link): one sentence that says so (the
 * page's title is the heading), a broken-link icon, and two ways on.
 */
export function NotFound() {
  const translate = useTranslate();
  const navigate = useNavigate();
  return (
    <Box component="section" sx={{ p: 4, maxWidth: 640 }}>
      <Title title={translate('ra.page.not_found')} />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 3 }}>
        <LinkOffIcon sx={{ fontSize: 48, color: 'text.secondary' }} aria-hidden />
        <Typography>{translate('ra.message.not_found')}</Typography>
      </Stack>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Button variant="outlined" startIcon={<ArrowBackIcon />} onClick={() => navigate(-1)}>
          {translate('sesame.notFound.back')}
        </Button>
        <Button variant="contained" startIcon={<HomeIcon />} component={Link} to="/">
          {translate('sesame.notFound.home')}
        </Button>
      </Stack>
    </Box>
  );
}

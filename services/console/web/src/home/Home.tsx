import { Box, Card, CardActionArea, CardContent, Typography } from '@mui/material';
import { Link, Navigate, Title, useGetIdentity, usePermissions, useTranslate } from 'react-admin';
import type { Role } from '../common/roles';
import { sectionsFor } from '../layout/sections';

/** What each role can do (SPEC §2), in the order a user discovers it. */
const ABILITIES: Record<Role, string[]> = {
  manager: ['createAdministrators', 'createSupervisors', 'manageMembers', 'reactivate', 'import', 'feeds', 'distribute', 'schools', 'reports', 'oidcClients', 'profile'],
  administrator: ['createSupervisors', 'manageMembers', 'import', 'feeds', 'distribute', 'classes', 'reports', 'profile'],
  supervisor: ['readMembers', 'distribute', 'profile'],
  member: ['profile'],
};

/** The home page: who you are, what you can do, and the way to each section. Members go to their profile. */
export function Home() {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { permissions: role } = usePermissions<Role>();
  if (!role) return null;
  if (role === 'member') return <Navigate to="/profile" replace />;
  return (
    <Box component="section" aria-labelledby="home-welcome" sx={{ mt: 2 }}>
      <Title title={translate('sesame.sections.home')} />
      <Card>
        <CardContent>
          <Typography id="home-welcome" variant="h5" component="h2" gutterBottom>
            {translate('sesame.home.welcome', { name: identity?.fullName ?? '' })}
          </Typography>
          <Typography>{translate(`sesame.home.role.${role}`)}</Typography>
          <Typography sx={{ mt: 2 }}>{translate('sesame.home.can')}</Typography>
          <Box component="ul" sx={{ mt: 1, mb: 0 }}>
            {ABILITIES[role].map((ability) => (
              <li key={ability}>
                <Typography>{translate(`sesame.home.abilities.${ability}`)}</Typography>
              </li>
            ))}
          </Box>
        </CardContent>
      </Card>
      <Box component="nav" aria-label={translate('sesame.home.shortcuts')} sx={{ mt: 2, display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))' }}>
        {sectionsFor(role)
          .filter((section) => section.path !== '/')
          .map((section) => (
            <Card key={section.key} variant="outlined">
              <CardActionArea component={Link} to={section.path} sx={{ height: '100%' }}>
                <CardContent>
                  <Typography variant="h6" component="h3" sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                    {section.icon}
                    {translate(`sesame.sections.${section.key}`)}
                  </Typography>
                  <Typography variant="body2">{translate(`sesame.home.sections.${section.key}`)}</Typography>
                </CardContent>
              </CardActionArea>
            </Card>
          ))}
      </Box>
    </Box>
  );
}

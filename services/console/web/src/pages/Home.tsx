import { Card, CardContent, List, ListItem, Typography } from '@mui/material';
import { Title, useGetIdentity, usePermissions, useTranslate } from 'react-admin';

type Role = 'manager' | 'administrator' | 'supervisor' | 'member';

/** What each role can do (SPEC §2), in the order a user discovers it. */
const ABILITIES: Record<Role, string[]> = {
  manager: ['createAdministrators', 'createSupervisors', 'manageMembers', 'reactivate', 'import', 'distribute', 'reports', 'profile'],
  administrator: ['createSupervisors', 'manageMembers', 'import', 'distribute', 'reports', 'profile'],
  supervisor: ['readMembers', 'distribute', 'profile'],
  member: ['profile'],
};

export function Home() {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { permissions: role } = usePermissions<Role>();
  if (!role) return null;
  return (
    <Card component="section" aria-labelledby="home-title">
      <Title title={translate('sesame.title')} />
      <CardContent>
        <Typography id="home-title" variant="h5" component="h1" gutterBottom>
          {translate('sesame.home.welcome', { name: identity?.fullName ?? '' })}
        </Typography>
        <Typography>{translate(`sesame.home.role.${role}`)}</Typography>
        <Typography sx={{ mt: 2 }}>{translate('sesame.home.can')}</Typography>
        <List>
          {ABILITIES[role].map((ability) => (
            <ListItem key={ability} sx={{ display: 'list-item', listStyleType: 'disc', ml: 3 }}>
              {translate(`sesame.home.abilities.${ability}`)}
            </ListItem>
          ))}
        </List>
      </CardContent>
    </Card>
  );
}

import AccountTreeIcon from '@mui/icons-material/AccountTree';
import AssessmentIcon from '@mui/icons-material/Assessment';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import EventRepeatIcon from '@mui/icons-material/EventRepeat';
import HomeIcon from '@mui/icons-material/Home';
import KeyIcon from '@mui/icons-material/Key';
import MarkEmailReadIcon from '@mui/icons-material/MarkEmailRead';
import PeopleIcon from '@mui/icons-material/People';
import PersonIcon from '@mui/icons-material/Person';
import SchoolIcon from '@mui/icons-material/School';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import type { ReactElement } from 'react';
import { can, type Role } from '../common/roles';

/**
 * The console's sections, in menu order, each shown to the roles that can use it. The menu and the
 * home page are both built from this list; a new feature adds its entry here.
 */
export interface Section {
  path: string;
  /** Key of the section's name in the catalogue (`sesame.sections.<key>`). */
  key: string;
  icon: ReactElement;
  visible(role: Role): boolean;
}

export const SECTIONS: Section[] = [
  { path: '/', key: 'home', icon: <HomeIcon />, visible: (role) => role !== 'member' },
  { path: '/users', key: 'accounts', icon: <PeopleIcon />, visible: can.listAccounts },
  { path: '/imports', key: 'imports', icon: <UploadFileIcon />, visible: can.importAccounts },
  { path: '/feeds', key: 'feeds', icon: <AccountTreeIcon />, visible: can.readFeeds },
  { path: '/campaigns', key: 'distribution', icon: <MarkEmailReadIcon />, visible: can.distribute },
  { path: '/schools', key: 'schools', icon: <SchoolIcon />, visible: can.createClasses },
  { path: '/reports', key: 'reports', icon: <AssessmentIcon />, visible: can.readReports },
  { path: '/lifecycle', key: 'lifecycle', icon: <EventBusyIcon />, visible: can.listAccounts },
  { path: '/rentree', key: 'rentree', icon: <EventRepeatIcon />, visible: can.openSchoolYear },
  { path: '/oidc-clients', key: 'oidcClients', icon: <KeyIcon />, visible: can.manageOidcClients },
  { path: '/profile', key: 'profile', icon: <PersonIcon />, visible: () => true },
];

export const sectionsFor = (role: Role | undefined) => (role ? SECTIONS.filter((section) => section.visible(role)) : []);

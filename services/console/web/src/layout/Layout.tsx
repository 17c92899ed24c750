import PersonIcon from '@mui/icons-material/Person';
import { ListItemIcon, ListItemText, MenuItem, useMediaQuery } from '@mui/material';
import type { Theme } from '@mui/material';
import type { ReactNode } from 'react';
import { forwardRef, useEffect } from 'react';
import {
  AppBar,
  Layout as RaLayout,
  Link,
  LoadingIndicator,
  Logout,
  Menu as RaMenu,
  TitlePortal,
  UserMenu,
  usePermissions,
  useSidebarState,
  useTranslate,
  useUserMenu,
} from 'react-admin';
import { useLocation } from 'react-router-dom';
import type { Role } from '../common/roles';
import { LanguageSwitch } from './LanguageSwitch';
import { LocalizedTheme } from './LocalizedTheme';
import { sectionsFor } from './sections';

const ProfileMenuItem = forwardRef<HTMLAnchorElement>(function ProfileMenuItem(props, ref) {
  const translate = useTranslate();
  const userMenu = useUserMenu();
  return (
    <MenuItem component={Link} to="/profile" ref={ref} {...props} onClick={() => userMenu?.onClose()}>
      <ListItemIcon>
        <PersonIcon fontSize="small" />
      </ListItemIcon>
      <ListItemText>{translate('sesame.sections.profile')}</ListItemText>
    </MenuItem>
  );
});

/** The page title is the page's h1; the language switch is always at hand. */
function SesameAppBar() {
  return (
    <AppBar
      toolbar={
        <>
          <LanguageSwitch onDark />
          <LoadingIndicator />
        </>
      }
      userMenu={
        <UserMenu>
          <ProfileMenuItem />
          <Logout />
        </UserMenu>
      }
    >
      <TitlePortal component="h1" />
    </AppBar>
  );
}

/**
 * On a tablet the open menu takes a third of the screen: it folds to its icons once a page is chosen
 * (and on arriving), and the menu button opens it again. Wider screens keep it as the person left it.
 */
function useMenuFoldsOnNarrowScreens() {
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  const [, setOpen] = useSidebarState();
  const { pathname } = useLocation();
  useEffect(() => {
    if (narrow) setOpen(false);
  }, [narrow, pathname, setOpen]);
}

/** A long section name (« Alimentations académiques ») wraps rather than being cut. */
const MENU_ITEM = { '& .MuiTypography-noWrap': { whiteSpace: 'normal' } };

function SesameMenu() {
  const translate = useTranslate();
  useMenuFoldsOnNarrowScreens();
  const { permissions: role } = usePermissions<Role>();
  return (
    <nav aria-label={translate('sesame.navigation.label')}>
      <RaMenu>
        {sectionsFor(role).map((section) => (
          <RaMenu.Item key={section.key} to={section.path} primaryText={translate(`sesame.sections.${section.key}`)} leftIcon={section.icon} sx={MENU_ITEM} />
        ))}
      </RaMenu>
    </nav>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const translate = useTranslate();
  // The browser tab says where one is, in the interface's language.
  useEffect(() => {
    document.title = translate('sesame.title');
  }, [translate]);
  return (
    // min-width 0: a wide table scrolls inside the page instead of widening it (tablets).
    <LocalizedTheme>
      <RaLayout appBar={SesameAppBar} menu={SesameMenu} sx={{ minWidth: 0, '& .RaLayout-content': { minWidth: 0 } }}>
        {children}
      </RaLayout>
    </LocalizedTheme>
  );
}

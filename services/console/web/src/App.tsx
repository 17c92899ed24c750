import { lazy } from 'react';
import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route, RouterProvider, createBrowserRouter } from 'react-router-dom';
import { AccountCreate } from './accounts/AccountCreate';
import { AccountEdit } from './accounts/AccountEdit';
import { AccountList } from './accounts/AccountList';
import { AccountShow } from './accounts/AccountShow';
import { accountName } from './accounts/labels';
import { LoginPage } from './auth/LoginPage';
import { CallbackPage } from './auth/CallbackPage';
import { CALLBACK_PATH } from './auth/oidc';
import { PUBLIC_PAGES } from './common/public-pages';
import { type Role, can } from './common/roles';
import { CampaignList } from './distribution/CampaignList';
import { CampaignShow } from './distribution/CampaignShow';
import { FeedList } from './feeds/FeedList';
import { FeedShow } from './feeds/FeedShow';
import { Home } from './home/Home';
import { ImportList } from './imports/ImportList';
import { ImportShow } from './imports/ImportShow';
import { LifecyclePolicyPage } from './lifecycle/LifecyclePolicyPage';
import { OidcClientCreate } from './oidc-clients/OidcClientCreate';
import { OidcClientEdit } from './oidc-clients/OidcClientEdit';
import { OidcClientList } from './oidc-clients/OidcClientList';
import { RentreePage } from './rentree/RentreePage';
import { Layout } from './layout/Layout';
import { NotFound } from './layout/NotFound';
import { theme } from './layout/theme';
import { ProfilePage } from './profile/ProfilePage';
import { authProvider } from './providers/authProvider';
import { dataProvider } from './providers/dataProvider';
import { i18nProvider } from './providers/i18nProvider';
import { ActivatePage } from './public/ActivatePage';
import { ForgotPasswordPage } from './public/ForgotPasswordPage';
import { ResetPasswordPage } from './public/ResetPasswordPage';
import { SchoolCreate, SchoolList, SchoolShow } from './schools/Schools';

// The chart library is loaded only by those who open the reports.
const ActivationReport = lazy(() => import('./reports/ActivationReport').then((module) => ({ default: module.ActivationReport })));

function SesameAdmin() {
  return (
    <Admin
      title="Sesame"
      authProvider={authProvider}
      dataProvider={dataProvider}
      i18nProvider={i18nProvider}
      theme={theme}
      layout={Layout}
      loginPage={LoginPage}
      dashboard={Home}
      catchAll={NotFound}
      requireAuth
      disableTelemetry
    >
      {/* Letters, emails and QR codes point here (libs/contracts): reachable without signing in. */}
      <CustomRoutes noLayout>
        <Route path={CALLBACK_PATH} element={<CallbackPage />} />
        <Route path={PUBLIC_PAGES.activate} element={<ActivatePage />} />
        <Route path={PUBLIC_PAGES.passwordForgot} element={<ForgotPasswordPage />} />
        <Route path={PUBLIC_PAGES.passwordReset} element={<ResetPasswordPage />} />
      </CustomRoutes>
      {(role: Role) => (
        <>
          <CustomRoutes>
            <Route path="/profile" element={<ProfilePage />} />
            {can.readReports(role) && <Route path="/reports" element={<ActivationReport />} />}
            {can.listAccounts(role) && <Route path="/lifecycle" element={<LifecyclePolicyPage />} />}
            {can.openSchoolYear(role) && <Route path="/rentree" element={<RentreePage />} />}
            {can.manageOidcClients(role) && (
              <>
                <Route path="/oidc-clients" element={<OidcClientList />} />
                <Route path="/oidc-clients/create" element={<OidcClientCreate />} />
                <Route path="/oidc-clients/:clientId" element={<OidcClientEdit />} />
              </>
            )}
          </CustomRoutes>
          {can.listAccounts(role) && (
            <Resource
              name="users"
              list={AccountList}
              show={AccountShow}
              edit={can.createRoles(role).length > 0 ? AccountEdit : undefined}
              create={can.createRoles(role).length > 0 ? AccountCreate : undefined}
              recordRepresentation={(record) => accountName(record as { username: string; displayName: string })}
            />
          )}
          {can.createClasses(role) && <Resource name="schools" list={SchoolList} show={SchoolShow} create={can.createSchools(role) ? SchoolCreate : undefined} />}
          {can.importAccounts(role) && <Resource name="imports" list={ImportList} show={ImportShow} />}
          {can.readFeeds(role) && <Resource name="feeds" list={FeedList} show={FeedShow} />}
          {can.distribute(role) && <Resource name="campaigns" list={CampaignList} show={CampaignShow} />}
        </>
      )}
    </Admin>
  );
}

/** Real paths (letters print them), not hash URLs: the console service answers index.html for each. */
const router = createBrowserRouter([{ path: '*', element: <SesameAdmin /> }]);

export function App() {
  return <RouterProvider router={router} />;
}

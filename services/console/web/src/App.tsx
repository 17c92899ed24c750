import { Admin } from 'react-admin';
import { Home } from './pages/Home';
import { authProvider } from './providers/authProvider';
import { i18nProvider } from './providers/i18nProvider';

export function App() {
  return <Admin title="Sesame" authProvider={authProvider} i18nProvider={i18nProvider} dashboard={Home} requireAuth disableTelemetry />;
}

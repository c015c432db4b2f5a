import { useEffect } from 'react';
import { LoginScreen } from '../features/session/LoginScreen.js';
import { useSession } from '../features/session/session-store.js';
import { useExternalLinks } from './external-links.js';
import { Workspace } from './Workspace.js';

export function App() {
  const { session, loaded, load } = useSession();
  useEffect(() => void load(), [load]);
  useExternalLinks();
  if (!loaded) return null;
  return session ? <Workspace /> : <LoginScreen />;
}

import './styles.css';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { createWebBridge } from './platform/web-bridge.js';
import { useI18n } from './app/i18n/i18n.js';
import { notePageSipServers } from './platform/page-csp.js';
import { invoke } from './platform/workstation.js';

// In Electron the preload has already exposed window.workstation; in browser mode we bring our own.
if (!window.workstation) window.workstation = createWebBridge();

const info = await invoke('app.info', {});
if (info.ok) {
  useI18n.setState({ locale: info.value.locale });
  notePageSipServers(info.value.sipServers);
}
document.documentElement.lang = useI18n.getState().locale;
createRoot(document.getElementById('root')!).render(<App />);

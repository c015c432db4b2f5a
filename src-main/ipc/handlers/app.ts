import type { Workstation } from '../../services/workstation.js';
import type { Handlers } from '../dispatcher.js';

export const appHandlers = (ws: Workstation): Pick<Handlers, 'app.info' | 'app.setLocale'> => ({
  'app.info': () => ({
    version: ws.options.version,
    host: ws.options.host,
    serverUrl: ws.options.serverUrl,
    embeddedServer: ws.options.embeddedServer,
    locale: ws.locale,
    sipServers: ws.settings.read().sipServers,
  }),
  'app.setLocale': ({ locale }) => {
    ws.locale = locale;
    return { locale };
  },
});

import type { Workstation } from '../../services/workstation.js';
import type { Handlers } from '../dispatcher.js';
import { RendererLog } from '../renderer-log.js';

export const appHandlers = (ws: Workstation, rendererLog = new RendererLog(ws.options.log)): Pick<Handlers, 'app.info' | 'app.setLocale' | 'app.log'> => ({
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
  'app.log': (entry, caller) => ({ accepted: rendererLog.write(caller.window, entry) }),
});

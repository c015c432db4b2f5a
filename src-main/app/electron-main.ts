// The Electron glue, and the only code that imports electron. Everything it calls is plain Node.
import { app, BrowserWindow, dialog, globalShortcut, ipcMain, Menu, protocol, safeStorage, session, shell } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventNames } from '../../src-shared/ipc/contract.js';
import { fail } from '../../src-shared/result.js';
import { configOrExit } from '../../src-node/config/env.js';
import { loadWorkstationConfig } from '../config.js';
import { bootWorkstation, type BootedWorkstation } from '../host/boot.js';
import { CONTENT_TYPES, securityHeaders } from '../host/csp.js';
import { assetResponse } from '../host/asset-response.js';
import { resolveInside } from '../host/safe-path.js';
import { osSecretBox } from '../services/softphone/secret-box.js';
import { electronKeySealer } from '../services/store/profile-keys.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './preload-api.js';
import { APP_ORIGIN, APP_SCHEME, dialTargetFromArgv, externalLinkAllowed, isAppUrl, isPermissionAllowed, mainWindowOptions, resolveGlobalShortcuts } from './window-options.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.resolve(here, '../renderer');

// Read once, before anything starts: a bad variable ends the app here with its name.
const config = configOrExit(() => loadWorkstationConfig(process.env));
app.enableSandbox();
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | undefined;
  let booted: BootedWorkstation | undefined;

  app.on('second-instance', (_event, argv) => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
    const target = dialTargetFromArgv(argv);
    if (target) window.webContents.send(EVENT_CHANNEL, 'app.dial', { target });
  });

  app.whenReady().then(async () => {
    booted = await bootWorkstation({
      host: 'electron',
      config,
      defaultProfileDir: app.getPath('userData'),
      // The SIP password is sealed by the OS keychain / DPAPI / libsecret where one is available.
      secretBox: safeStorage.isEncryptionAvailable() ? osSecretBox(safeStorage) : undefined,
      // The stores' keys too; on Linux `basic_text` the workstation refuses customer data (KEYSTORE_UNSAFE).
      keySealer: electronKeySealer(safeStorage, process.platform),
    });
    const { dispatch, workstation } = booted;

    protocol.handle(APP_SCHEME, async (request) => {
      const { pathname } = new URL(request.url);
      if (pathname.startsWith('/asset/')) {
        // Handbook pictures and audio from the signed-in agent's store, as in browser mode.
        const asset = assetResponse(workstation.session?.db, pathname, request.headers.get('range') ?? undefined);
        return new Response(typeof asset.body === 'string' ? asset.body : new Uint8Array(asset.body), { status: asset.status, headers: asset.headers });
      }
      const file = resolveInside(rendererDir, pathname);
      if (!file) return new Response('Forbidden', { status: 403 });
      try {
        const body = await readFile(file);
        return new Response(body, { headers: { ...securityHeaders(workstation.settings.read().sipServers), 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' } });
      } catch {
        return new Response('Not found', { status: 404 });
      }
    });

    // The requesting frame's URL, not the window's: an embedded frame of another origin gets nothing.
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
      callback(isPermissionAllowed(permission, details.requestingUrl, details as { mediaTypes?: string[] })),
    );
    session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));

    ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, payload: unknown) => {
      // Only our own page may call services; a frame from anywhere else is refused.
      if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) return fail('FORBIDDEN', 'IPC from an untrusted frame');
      return dispatch(channel, payload, { window: `electron-${event.sender.id}` });
    });

    // An installed build has no menu (no View → Toggle Developer Tools, no reload) and no DevTools.
    if (app.isPackaged) Menu.setApplicationMenu(null);
    window = new BrowserWindow(mainWindowOptions(path.join(here, 'preload.cjs'), app.isPackaged));
    lockDown(window, () => workstation.settings.read().externalLinkHosts);
    for (const name of eventNames) workstation.on(name, (payload: unknown) => window?.webContents.send(EVENT_CHANNEL, name, payload));
    window.once('ready-to-show', () => window?.show());
    const shortcuts = resolveGlobalShortcuts(workstation.settings.read().globalShortcuts);
    for (const [action, accelerator] of Object.entries(shortcuts)) {
      // Another application may own the combination already; the in-window Alt shortcuts still work.
      globalShortcut.register(accelerator, () => window?.webContents.send(EVENT_CHANNEL, 'app.shortcut', { action }));
    }
    await window.loadURL(`${APP_ORIGIN}/index.html`);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => globalShortcut.unregisterAll());
  app.on('will-quit', (event) => {
    if (!booted) return;
    // Unregister, close the store and the embedded API before exiting: no stale registrations.
    event.preventDefault();
    const closing = booted;
    booted = undefined;
    void closing.close().finally(() => app.exit(0));
  });
}

function lockDown(window: BrowserWindow, allowedHosts: () => readonly string[]): void {
  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    // Nothing opens inside the app. A link to an allowlisted https host opens in the system
    // browser once the agent confirms it; any other is refused with a note.
    void openExternalLink(window, url, allowedHosts());
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

async function openExternalLink(window: BrowserWindow, url: string, allowedHosts: readonly string[]): Promise<void> {
  const shown = url.length > 200 ? `${url.slice(0, 200)}…` : url;
  if (!externalLinkAllowed(url, allowedHosts)) {
    await dialog.showMessageBox(window, { type: 'warning', buttons: ['知道了 OK'], message: '中心不允许打开这个网站的链接。The centre does not allow opening links to this site.', detail: shown });
    return;
  }
  const { response } = await dialog.showMessageBox(window, {
    type: 'question',
    buttons: ['在浏览器中打开 Open in browser', '取消 Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: '在系统浏览器中打开这个链接？Open this link in the system browser?',
    detail: shown,
  });
  if (response === 0) await shell.openExternal(url);
}

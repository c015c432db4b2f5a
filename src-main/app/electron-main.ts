// The Electron glue, and the only code that imports electron. Everything it calls is plain Node.
import { app, BrowserWindow, globalShortcut, ipcMain, protocol, safeStorage, session, shell, type WebContents } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventNames } from '../../src-shared/ipc/contract.js';
import { fail } from '../../src-shared/result.js';
import { bootWorkstation, type BootedWorkstation } from '../host/boot.js';
import { CONTENT_TYPES, SECURITY_HEADERS } from '../host/csp.js';
import { assetResponse } from '../host/asset-response.js';
import { resolveInside } from '../host/safe-path.js';
import { osSecretBox } from '../services/softphone/secret-box.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './preload-api.js';
import { APP_ORIGIN, APP_SCHEME, dialTargetFromArgv, isAppUrl, isPermissionAllowed, mainWindowOptions, resolveGlobalShortcuts } from './window-options.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.resolve(here, '../renderer');

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
      profileDir: process.env.HOTLINE_PROFILE_DIR ?? app.getPath('userData'),
      // The SIP password is sealed by the OS keychain / DPAPI / libsecret where one is available.
      secretBox: safeStorage.isEncryptionAvailable() ? osSecretBox(safeStorage) : undefined,
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
        return new Response(body, { headers: { ...SECURITY_HEADERS, 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' } });
      } catch {
        return new Response('Not found', { status: 404 });
      }
    });

    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
      callback(isPermissionAllowed(permission, details as { mediaTypes?: string[] })),
    );
    session.defaultSession.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission));

    ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, payload: unknown) => {
      // Only our own page may call services; a frame from anywhere else is refused.
      if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) return fail('FORBIDDEN', 'IPC from an untrusted frame');
      return dispatch(channel, payload);
    });

    window = new BrowserWindow(mainWindowOptions(path.join(here, 'preload.cjs')));
    lockDown(window.webContents);
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

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    // Help links open in the system browser; nothing opens inside the app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

// Pure pieces of the Electron glue, testable without Electron.
import { parseDialLink } from '../../src-shared/softphone/dial-string.js';

/** The only permissions a page may get: the microphone for calls and OS notifications for rings. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['media', 'notifications', 'speaker-selection']);

/**
 * A permission for the app's own page only (`requestingUrl`/`requestingOrigin` from Electron's
 * handlers): an iframe or a page of another origin gets nothing.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string, details: { mediaTypes?: string[] } = {}): boolean {
  if (!isAppUrl(requestingUrl)) return false;
  if (!ALLOWED_PERMISSIONS.has(permission)) return false;
  // Microphone only: no camera, no screen capture.
  if (permission === 'media') return (details.mediaTypes ?? ['audio']).every((type) => type === 'audio');
  return true;
}

export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://workstation`;

/** Navigation inside the window is allowed only within the app's own origin. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === 'workstation';
  } catch {
    return false;
  }
}

export interface MainWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  title: string;
  show: boolean;
  backgroundColor: string;
  webPreferences: {
    preload: string;
    contextIsolation: true;
    sandbox: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    webviewTag: false;
    spellcheck: false;
    devTools: boolean;
  };
}

/** `packaged`: an installed build, where DevTools are off (a developer build keeps them). */
export function mainWindowOptions(preloadPath: string, packaged = true): MainWindowOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: '热线工作台 · Hotline Workstation',
    show: false,
    backgroundColor: '#f4f5f7',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !packaged,
    },
  };
}

/**
 * The `tel:`/`sip:`/`sips:` link the OS passed on a second instance's command line, as it is: the
 * renderer checks it against the centre's dial policy and asks the agent to confirm the number.
 * Only what parses as a dial link at all is passed on.
 */
export function dialTargetFromArgv(argv: string[]): string | undefined {
  const link = argv.find((arg) => /^(tel|sips?):/i.test(arg));
  if (!link || link.length > 100) return undefined;
  return parseDialLink(link, { allowFeatureCodes: true, allowInternational: true }).ok ? link : undefined;
}

/**
 * Where a link the page asked to open may go: an https URL whose host is on the centre's list (the
 * host itself or a subdomain of it). Everything else stays closed.
 */
export function externalLinkAllowed(url: string, allowedHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  const host = parsed.hostname.toLowerCase();
  return allowedHosts.some((allowed) => host === allowed.toLowerCase() || host.endsWith(`.${allowed.toLowerCase()}`));
}

export type GlobalCallAction = 'answer' | 'hangup' | 'hold' | 'mute' | 'transfer';

/** System-wide defaults: Ctrl+Alt (⌘⌥ on macOS) so they rarely collide with other applications. */
export const DEFAULT_GLOBAL_SHORTCUTS: Record<GlobalCallAction, string> = {
  answer: 'CommandOrControl+Alt+A',
  hangup: 'CommandOrControl+Alt+H',
  hold: 'CommandOrControl+Alt+O',
  mute: 'CommandOrControl+Alt+M',
  transfer: 'CommandOrControl+Alt+T',
};

const ACCELERATOR = /^((CommandOrControl|CmdOrCtrl|Command|Cmd|Control|Ctrl|Alt|Option|AltGr|Shift|Super|Meta)\+)+([A-Z0-9]|F([1-9]|1[0-9]|2[0-4])|Space|Tab|Enter|Escape|Home|End|PageUp|PageDown|Up|Down|Left|Right|Insert|Delete)$/;

/**
 * The agent's configured global shortcuts over the defaults. An entry that is not a valid
 * accelerator with a modifier, or that repeats another action's, falls back to the default;
 * an empty string turns that shortcut off.
 */
export function resolveGlobalShortcuts(configured: Partial<Record<GlobalCallAction, string>>): Partial<Record<GlobalCallAction, string>> {
  const resolved: Partial<Record<GlobalCallAction, string>> = {};
  const used = new Set<string>();
  for (const action of Object.keys(DEFAULT_GLOBAL_SHORTCUTS) as GlobalCallAction[]) {
    const wanted = configured[action];
    if (wanted === '') continue;
    const accelerator = wanted !== undefined && ACCELERATOR.test(wanted) && !used.has(wanted) ? wanted : DEFAULT_GLOBAL_SHORTCUTS[action];
    if (used.has(accelerator)) continue;
    used.add(accelerator);
    resolved[action] = accelerator;
  }
  return resolved;
}

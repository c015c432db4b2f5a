import { describe, expect, it } from 'vitest';
import { DEFAULT_GLOBAL_SHORTCUTS, dialTargetFromArgv, externalLinkAllowed, isAppUrl, isPermissionAllowed, mainWindowOptions, resolveGlobalShortcuts } from '../../../src-main/app/window-options.js';

describe('main window', () => {
  it('is isolated and sandboxed, with no Node in the page', () => {
    const { webPreferences } = mainWindowOptions('/app/preload.cjs');
    expect(webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(webPreferences.preload).toBe('/app/preload.cjs');
  });

  it('grants the microphone and notifications, and nothing else', () => {
    const app = 'app://workstation/index.html';
    expect(isPermissionAllowed('media', app, { mediaTypes: ['audio'] })).toBe(true);
    expect(isPermissionAllowed('notifications', 'app://workstation')).toBe(true);
    expect(isPermissionAllowed('media', app, { mediaTypes: ['audio', 'video'] })).toBe(false);
    for (const permission of ['geolocation', 'clipboard-read', 'display-capture', 'openExternal', 'midi', 'hid']) {
      expect(isPermissionAllowed(permission, app)).toBe(false);
    }
  });

  it('grants nothing to a frame or page of another origin', () => {
    for (const origin of ['https://evil.example/', 'http://127.0.0.1:5173/', 'file:///etc/passwd', 'app://evil/index.html', '', 'not a url']) {
      expect(isPermissionAllowed('media', origin, { mediaTypes: ['audio'] })).toBe(false);
      expect(isPermissionAllowed('notifications', origin)).toBe(false);
    }
  });

  it('has no DevTools when packaged', () => {
    expect(mainWindowOptions('/app/preload.cjs').webPreferences.devTools).toBe(false);
    expect(mainWindowOptions('/app/preload.cjs', false).webPreferences.devTools).toBe(true);
  });

  it('opens only https links to allowlisted hosts outside the app', () => {
    const hosts = ['10000.cn', 'gov.cn'];
    expect(externalLinkAllowed('https://www.10000.cn/help', hosts)).toBe(true);
    expect(externalLinkAllowed('https://miit.gov.cn/', hosts)).toBe(true);
    for (const url of ['http://www.10000.cn/', 'https://10000.cn.evil.example/', 'https://evil10000.cn/', 'https://user:pw@www.10000.cn/', 'file:///C:/Windows/system32/calc.exe', 'javascript:alert(1)', 'smb://host/share']) {
      expect(externalLinkAllowed(url, hosts), url).toBe(false);
    }
  });

  it('allows navigation only inside the app origin', () => {
    expect(isAppUrl('app://workstation/index.html')).toBe(true);
    expect(isAppUrl('https://evil.example/')).toBe(false);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
  });

  it('takes a number to dial from tel: and sip: links, and ignores anything else', () => {
    expect(dialTargetFromArgv(['/opt/app', 'tel:138-0013-8000'])).toBe('tel:138-0013-8000');
    expect(dialTargetFromArgv(['/opt/app', 'sip:1002@pbx.example'])).toBe('sip:1002@pbx.example');
    expect(dialTargetFromArgv(['/opt/app', 'sips:1002@pbx.example'])).toBe('sips:1002@pbx.example');
    expect(dialTargetFromArgv(['/opt/app', 'tel:;rm -rf /'])).toBeUndefined();
    expect(dialTargetFromArgv(['/opt/app', '--flag'])).toBeUndefined();
  });
});

describe('global call shortcuts', () => {
  it('use the defaults when nothing is configured', () => {
    expect(resolveGlobalShortcuts({})).toEqual(DEFAULT_GLOBAL_SHORTCUTS);
  });

  it('take the agent\'s choices, fall back on invalid or duplicate ones, and can be turned off', () => {
    const resolved = resolveGlobalShortcuts({ answer: 'F8', hangup: 'Ctrl+Shift+F9', hold: 'Ctrl+Shift+F9', mute: 'rm -rf', transfer: '' });
    expect(resolved).toEqual({
      answer: DEFAULT_GLOBAL_SHORTCUTS.answer, // a bare key without modifier would swallow typing everywhere
      hangup: 'Ctrl+Shift+F9',
      hold: DEFAULT_GLOBAL_SHORTCUTS.hold,
      mute: DEFAULT_GLOBAL_SHORTCUTS.mute,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_GLOBAL_SHORTCUTS, dialTargetFromArgv, isAppUrl, isPermissionAllowed, mainWindowOptions, resolveGlobalShortcuts } from '../../../src-main/app/window-options.js';

describe('main window', () => {
  it('is isolated and sandboxed, with no Node in the page', () => {
    const { webPreferences } = mainWindowOptions('/app/preload.cjs');
    expect(webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(webPreferences.preload).toBe('/app/preload.cjs');
  });

  it('grants the microphone and notifications, and nothing else', () => {
    expect(isPermissionAllowed('media', { mediaTypes: ['audio'] })).toBe(true);
    expect(isPermissionAllowed('notifications')).toBe(true);
    expect(isPermissionAllowed('media', { mediaTypes: ['audio', 'video'] })).toBe(false);
    for (const permission of ['geolocation', 'clipboard-read', 'display-capture', 'openExternal', 'midi', 'hid']) {
      expect(isPermissionAllowed(permission)).toBe(false);
    }
  });

  it('allows navigation only inside the app origin', () => {
    expect(isAppUrl('app://workstation/index.html')).toBe(true);
    expect(isAppUrl('https://evil.example/')).toBe(false);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
  });

  it('takes a number to dial from tel: and sip: links, and ignores anything else', () => {
    expect(dialTargetFromArgv(['/opt/app', 'tel:138-0013-8000'])).toBe('13800138000');
    expect(dialTargetFromArgv(['/opt/app', 'sip:1002@pbx.example'])).toBe('1002@pbx.example');
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

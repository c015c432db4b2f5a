import { describe, expect, it } from 'vitest';
import { dialTargetFromArgv, isAppUrl, isPermissionAllowed, mainWindowOptions } from '../../../src-main/app/window-options.js';

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

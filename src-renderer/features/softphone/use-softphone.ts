// The app's one softphone store, wired to the real surroundings: main over IPC, a SipLine for the
// agent's account, the system clock, preferences in localStorage, the page's CSP reload.
import { invoke } from '../../platform/workstation.js';
import { reloadForSipServer } from '../../platform/page-csp.js';
import type { DtmfMode } from '../../../src-shared/domain/softphone.js';
import { systemClock } from './call-session.js';
import { DTMF_PREF, loadDevicePrefs, saveDevicePrefs } from './preferences.js';
import { everyInterval } from './quality-monitor.js';
import { SipLine } from './sip-line.js';
import { createSoftphoneStore } from './softphone-store.js';

export type { DevicePrefs, Quality, SoftphoneState, UnsavedCall } from './softphone-store.js';

export const useSoftphone = createSoftphoneStore({
  invoke,
  clock: systemClock,
  every: everyInterval,
  reloadForSipServer,
  prefs: {
    devices: loadDevicePrefs,
    saveDevices: saveDevicePrefs,
    dtmfMode: () => localStorage.getItem(DTMF_PREF) as DtmfMode | null,
    saveDtmfMode: (mode) => localStorage.setItem(DTMF_PREF, mode),
  },
  createLine: (account, { devices, dtmfMode }) =>
    new SipLine({
      account,
      password: async () => {
        const credential = await invoke('softphone.credential', {});
        if (!credential.ok) throw new Error(credential.error.message);
        return credential.value.password;
      },
      devices,
      dtmfMode,
    }),
});

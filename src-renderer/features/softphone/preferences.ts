// Preferences kept in the renderer: device ids and the DTMF mode only, nothing secret.
// (Their own module: the store reads them while it is being created.)
export const DTMF_PREF = 'hotline.softphone.dtmf';
const DEVICE_PREFS = 'hotline.softphone.devices';

export interface DevicePrefs {
  input?: string;
  output?: string;
  ringer?: string;
}

export function loadDevicePrefs(): DevicePrefs {
  try {
    return JSON.parse(localStorage.getItem(DEVICE_PREFS) ?? '{}') as DevicePrefs;
  } catch {
    return {};
  }
}

export function saveDevicePrefs(prefs: DevicePrefs): void {
  localStorage.setItem(DEVICE_PREFS, JSON.stringify(prefs));
}

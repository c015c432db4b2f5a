import { useCallback, useEffect, useRef, useState } from 'react';
import type { DtmfMode } from '../../../src-shared/domain/softphone.js';
import { useT } from '../../app/i18n/i18n.js';
import { gradeNetwork, type NetworkCheck, type NetworkVerdict } from './line.js';
import { useSoftphone, type DevicePrefs } from './use-softphone.js';
import { log } from '../../platform/log.js';

/** Audio devices, DTMF mode and the pre-shift network check, folded away until needed. */
export function PhoneSettings() {
  const t = useT();
  return (
    <details className="phone-settings">
      <summary>{t('softphone.settings')}</summary>
      <AudioDevicePicker />
      <label className="setting">
        <span>{t('softphone.dtmfMode')}</span>
        <select value={useSoftphone((state) => state.dtmfMode)} onChange={(event) => useSoftphone.getState().setDtmfMode(event.target.value as DtmfMode)}>
          <option value="rfc4733">{t('softphone.dtmf.rfc4733')}</option>
          <option value="info">{t('softphone.dtmf.info')}</option>
        </select>
      </label>
      <NetworkCheckPanel />
      <LineOverride />
    </details>
  );
}

function AudioDevicePicker() {
  const t = useT();
  const devices = useSoftphone((state) => state.devices);
  const [inputs, setInputs] = useState<MediaDeviceInfo[]>([]);
  const [outputs, setOutputs] = useState<MediaDeviceInfo[]>([]);
  const hiddenRetries = useRef(0);
  const refreshRef = useRef<() => Promise<void>>(async () => {});

  const refresh = useCallback(async () => {
    const all = await navigator.mediaDevices?.enumerateDevices().catch((error: unknown) => {
      log('warn', 'softphone.devices', 'the audio devices could not be listed', error);
      return [];
    });
    if (!all) return;
    const mics = all.filter((device) => device.kind === 'audioinput');
    const speakers = all.filter((device) => device.kind === 'audiooutput');
    setInputs(mics);
    setOutputs(speakers);
    // Before the microphone permission is granted the browser hides device ids: nothing to compare
    // yet, so look again shortly (registration opens the microphone, which reveals them).
    if (mics.some((device) => device.deviceId === '')) {
      if (hiddenRetries.current++ < 20) setTimeout(() => void refreshRef.current(), 500);
      return;
    }
    hiddenRetries.current = 0;
    // A chosen device that disappeared (headset unplugged): fall back to the default and say so.
    const current = useSoftphone.getState().devices;
    const gone = (id: string | undefined, list: MediaDeviceInfo[]) => id !== undefined && id !== '' && !list.some((device) => device.deviceId === id);
    if (gone(current.input, mics) || gone(current.output, speakers) || gone(current.ringer, speakers)) {
      const fallback: DevicePrefs = {
        input: gone(current.input, mics) ? '' : current.input,
        output: gone(current.output, speakers) ? '' : current.output,
        ringer: gone(current.ringer, speakers) ? '' : current.ringer,
      };
      await useSoftphone.getState().setDevices(fallback);
      useSoftphone.getState().setNotice('softphone.devices.unplugged');
    }
  }, []);

  refreshRef.current = refresh;
  useEffect(() => {
    void refresh();
    navigator.mediaDevices?.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices?.removeEventListener('devicechange', refresh);
  }, [refresh]);

  const choose = (patch: DevicePrefs) => void useSoftphone.getState().setDevices({ ...devices, ...patch });
  const options = (list: MediaDeviceInfo[]) => [
    <option key="" value="">
      {t('softphone.devices.default')}
    </option>,
    ...list
      .filter((device) => device.deviceId && device.deviceId !== 'default')
      .map((device, index) => (
        <option key={device.deviceId} value={device.deviceId}>
          {device.label || `${device.kind} ${index + 1}`}
        </option>
      )),
  ];

  return (
    <fieldset className="devices">
      <legend>{t('softphone.devices.heading')}</legend>
      <label className="setting">
        <span>{t('softphone.devices.input')}</span>
        <select value={devices.input ?? ''} onChange={(event) => choose({ input: event.target.value })}>
          {options(inputs)}
        </select>
      </label>
      <label className="setting">
        <span>{t('softphone.devices.output')}</span>
        <select value={devices.output ?? ''} onChange={(event) => choose({ output: event.target.value })}>
          {options(outputs)}
        </select>
      </label>
      <label className="setting">
        <span>{t('softphone.devices.ringer')}</span>
        <select value={devices.ringer ?? ''} onChange={(event) => choose({ ringer: event.target.value })}>
          {options(outputs)}
        </select>
      </label>
    </fieldset>
  );
}

function NetworkCheckPanel() {
  const t = useT();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<{ check: NetworkCheck; verdict: NetworkVerdict } | 'failed' | null>(null);
  const run = async () => {
    const line = useSoftphone.getState().line;
    if (!line?.networkCheck) return;
    setRunning(true);
    try {
      const check = await line.networkCheck();
      setResult({ check, verdict: gradeNetwork(check) });
    } catch (error) {
      log('warn', 'softphone.network', 'the network check failed', error);
      setResult('failed');
    } finally {
      setRunning(false);
    }
  };
  return (
    <div className="network-check">
      <strong>{t('softphone.check.heading')}</strong>{' '}
      <button type="button" className="bar-button" disabled={running} onClick={() => void run()}>
        {running ? t('softphone.check.running') : t('softphone.check.run')}
      </button>
      {result === 'failed' && (
        <p role="status" className="error">
          {t('softphone.check.failed')}
        </p>
      )}
      {result && result !== 'failed' && (
        <p role="status" data-testid="network-check-result">
          {t(`softphone.check.${result.verdict}`)}{' '}
          <span className="muted">
            {t('softphone.check.register')} {Math.round(result.check.registerMs)} ms · {t('softphone.check.ws')} {Math.round(result.check.wsConnectMs)} ms
          </span>
        </p>
      )}
    </div>
  );
}

/** A line of the agent's own (a test line, another proxy), kept in main; the password never stays here. */
function LineOverride() {
  const t = useT();
  const account = useSoftphone((state) => state.account);
  const source = useSoftphone((state) => state.accountSource);
  const [wsUrl, setWsUrl] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const save = async () => {
    const override = { ...(wsUrl.trim() ? { wsUrl: wsUrl.trim() } : {}), ...(user.trim() ? { user: user.trim() } : {}), ...(password ? { password } : {}) };
    if (await useSoftphone.getState().setOverride(override)) setPassword('');
  };
  return (
    <fieldset className="line-override">
      <legend>
        {t('softphone.override.heading')} <span className="muted">({t(`softphone.override.source.${source}`)})</span>
      </legend>
      <label className="setting">
        <span>{t('softphone.override.wsUrl')}</span>
        <input value={wsUrl} placeholder={account?.wsUrl ?? 'wss://'} onChange={(event) => setWsUrl(event.target.value)} />
      </label>
      <label className="setting">
        <span>{t('softphone.override.user')}</span>
        <input value={user} placeholder={account?.user ?? ''} onChange={(event) => setUser(event.target.value)} />
      </label>
      <label className="setting">
        <span>{t('softphone.override.password')}</span>
        <input type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />
      </label>
      <button type="button" className="bar-button" onClick={() => void save()}>
        {t('softphone.override.save')}
      </button>{' '}
      <button type="button" className="link-button" onClick={() => void useSoftphone.getState().setOverride(null)}>
        {t('softphone.override.reset')}
      </button>
    </fieldset>
  );
}

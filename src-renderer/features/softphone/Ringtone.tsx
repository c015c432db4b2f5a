import { useEffect, useRef } from 'react';
import { maskPhone } from '../../../src-shared/privacy/mask.js';
import { useT } from '../../app/i18n/i18n.js';
import ringtoneUrl from './ringtone.wav';
import { useSoftphone } from './use-softphone.js';
import { logFailure } from '../../platform/log.js';

/**
 * Plays the ringtone on the ringer device while an incoming call rings, and raises an OS
 * notification where the host granted it (Electron does; browser mode shows the in-page alert).
 */
export function Ringtone() {
  const t = useT();
  const ringingCall = useSoftphone((state) => {
    const call = state.activeCallId !== null ? state.calls[state.activeCallId] : undefined;
    return call?.state === 'ringing' && call.direction === 'inbound' ? call : undefined;
  });
  const ringing = ringingCall !== undefined;
  const ringer = useSoftphone((state) => state.devices.ringer);
  const audio = useRef<HTMLAudioElement | null>(null);

  useEffect(() => {
    if (!ringing) return;
    const element = (audio.current ??= new Audio(ringtoneUrl));
    element.loop = true;
    const withSink = element as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    const routed = ringer && withSink.setSinkId ? withSink.setSinkId(ringer).catch(logFailure('softphone.ringtone', 'the chosen ringer device was refused; ringing on the default output')) : Promise.resolve();
    void routed.then(() => element.play().catch(logFailure('softphone.ringtone', 'the ringtone did not play (autoplay blocked or no output device)')));
    return () => {
      element.pause();
      element.currentTime = 0;
    };
  }, [ringing, ringer]);

  const callerNumber = ringingCall?.remoteNumber;
  useEffect(() => {
    if (!callerNumber || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    // The number stays masked outside the app too (lock screens, notification centres).
    const notification = new Notification(t('softphone.incomingAlert').replace(/[:：]\s*$/, ''), { body: maskPhone(callerNumber), silent: true, tag: 'incoming-call' });
    notification.onclick = () => window.focus();
    return () => notification.close();
  }, [callerNumber, t]);
  return null;
}

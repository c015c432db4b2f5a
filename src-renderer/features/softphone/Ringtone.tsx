import { useEffect, useRef } from 'react';
import ringtoneUrl from '../../assets/ringtone.wav';
import { useSoftphone } from './softphone-store.js';

/** Plays the ringtone on the ringer device while an incoming call rings. */
export function Ringtone() {
  const ringing = useSoftphone((state) => state.activeCallId !== null && state.calls[state.activeCallId]?.state === 'ringing' && state.calls[state.activeCallId]?.direction === 'inbound');
  const ringer = useSoftphone((state) => state.devices.ringer);
  const audio = useRef<HTMLAudioElement | null>(null);

  useEffect(() => {
    if (!ringing) return;
    const element = (audio.current ??= new Audio(ringtoneUrl));
    element.loop = true;
    const withSink = element as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    const routed = ringer && withSink.setSinkId ? withSink.setSinkId(ringer).catch(() => undefined) : Promise.resolve();
    void routed.then(() => element.play().catch(() => undefined));
    return () => {
      element.pause();
      element.currentTime = 0;
    };
  }, [ringing, ringer]);
  return null;
}

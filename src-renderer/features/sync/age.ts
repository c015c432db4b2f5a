import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs`, so ages on screen keep counting. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function ageParts(fromIso: string, now: number): { value: number; unit: 'seconds' | 'minutes' | 'hours' } {
  const seconds = Math.max(0, Math.round((now - Date.parse(fromIso)) / 1000));
  if (seconds < 60) return { value: seconds, unit: 'seconds' };
  if (seconds < 3600) return { value: Math.floor(seconds / 60), unit: 'minutes' };
  return { value: Math.floor(seconds / 3600), unit: 'hours' };
}

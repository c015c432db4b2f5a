import { useEffect, useState } from 'react';
import type { LocalText } from '../../../src-shared/tickets/text.js';
import { useI18n } from '../../i18n/i18n.js';

/** The current time, re-rendering every `intervalMs`: drives live SLA countdowns. */
export function useNow(intervalMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Picks the published text in the UI language. */
export function useLocalText(): (text: LocalText) => string {
  const locale = useI18n((state) => state.locale);
  return (text) => (locale === 'en' ? text.en : text.zh);
}

export const fill = (template: string, params: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));

export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(locale, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}

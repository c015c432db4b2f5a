import { useEffect, useState } from 'react';
import { fieldValueText } from '../../../src-shared/tickets/field-text.js';
import type { LocalText } from '../../../src-shared/tickets/text.js';
import { useI18n } from '../../app/i18n/i18n.js';
import { useTickets } from './tickets-store.js';

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

/**
 * A form value as the form shows it: option labels for choices, the code's path for a complaint
 * code, the text otherwise. Used where a ticket's values are read outside the form (training's
 * scorecard), so "priority: urgent" reads "优先级：紧急".
 */
export function useFieldText(formType: string | undefined): { label(fieldId: string): string; value(fieldId: string, value: unknown): string } {
  const local = useLocalText();
  const locale = useI18n((state) => state.locale);
  const form = useTickets((state) => state.forms.find((candidate) => candidate.type === formType));
  const codes = useTickets((state) => state.codes);
  const fieldOf = (fieldId: string) => form?.fields.find((field) => field.id === fieldId);
  return {
    label: (fieldId) => {
      const field = fieldOf(fieldId);
      return field ? local(field.label) : fieldId;
    },
    value: (fieldId, value) => {
      const field = fieldOf(fieldId);
      return fieldValueText(field, value, locale === 'en' ? 'en' : 'zh-CN', field?.codeTree ? codes[field.codeTree] : undefined);
    },
  };
}

import { create } from 'zustand';
import type { Locale } from '../../../src-shared/ipc/app.js';
import type { AppError } from '../../../src-shared/result.js';
import { invoke } from '../../platform/workstation.js';
import { en, errorMessages, zhCN, type MessageKey } from './messages.js';

interface I18nState {
  locale: Locale;
  setLocale(locale: Locale): void;
}

export const useI18n = create<I18nState>((set) => ({
  locale: 'zh-CN',
  setLocale(locale) {
    set({ locale });
    document.documentElement.lang = locale;
    void invoke('app.setLocale', { locale });
  },
}));

const dictionaries = { 'zh-CN': zhCN, en } as const;

export function translate(locale: Locale, key: MessageKey): string {
  return dictionaries[locale][key];
}

/** The translator for the current locale; components re-render when it changes. */
export function useT(): (key: MessageKey) => string {
  const locale = useI18n((state) => state.locale);
  return (key) => translate(locale, key);
}

export function useErrorText(): (error: AppError) => string {
  const locale = useI18n((state) => state.locale);
  return (error) => errorMessages[locale][error.code] ?? errorMessages[locale].fallback;
}

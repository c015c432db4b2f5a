import { z } from 'zod';

/** A user-facing string in both UI languages. Published content (forms, codes) carries both. */
export const LocalText = z.object({ zh: z.string().min(1).max(500), en: z.string().min(1).max(500) });
export type LocalText = z.infer<typeof LocalText>;

export const text = (zh: string, en: string): LocalText => ({ zh, en });

export type UiLocale = 'zh-CN' | 'en';
export const pick = (value: LocalText, locale: UiLocale): string => (locale === 'en' ? value.en : value.zh);

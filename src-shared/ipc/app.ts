import { z } from 'zod';
import { channel } from './define.js';

export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;

export const AppInfo = z.object({
  version: z.string(),
  host: z.enum(['electron', 'web']),
  serverUrl: z.string(),
  embeddedServer: z.boolean(),
  locale: Locale,
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appChannels = {
  'app.info': channel(z.object({}).strict(), AppInfo),
  'app.setLocale': channel(z.object({ locale: Locale }).strict(), z.object({ locale: Locale })),
};

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
  /** SIP WebSocket servers (origins) the page's CSP lets it connect to. */
  sipServers: z.array(z.string()),
});
export type AppInfo = z.infer<typeof AppInfo>;

/**
 * One line from the renderer for main's log (a failure the agent may not see, e.g. a refused
 * ringtone or a failed status refresh). Say what failed; no customer data (main masks number
 * runs anyway). Main accepts a limited rate per window and counts what it drops.
 */
export const RendererLogEntry = z
  .object({
    level: z.enum(['debug', 'info', 'warn', 'error']),
    /** The feature, or feature.part: `sync`, `training.audio`. */
    scope: z.string().regex(/^[a-z][\w.-]{0,39}$/),
    message: z.string().min(1).max(500),
    /** The error's own text (name: message), cut to size. */
    detail: z.string().max(2000).optional(),
  })
  .strict();
export type RendererLogEntry = z.infer<typeof RendererLogEntry>;

export const appChannels = {
  'app.info': channel(z.object({}).strict(), AppInfo),
  'app.setLocale': channel(z.object({ locale: Locale }).strict(), z.object({ locale: Locale })),
  'app.log': channel(RendererLogEntry, z.object({ accepted: z.boolean() })),
};

/** Call controls that can be triggered from outside the call bar (keyboard, Electron global shortcuts). */
export const CallAction = z.enum(['answer', 'hangup', 'hold', 'mute', 'transfer']);
export type CallAction = z.infer<typeof CallAction>;

export const appEvents = {
  /** A tel:/sip: link opened by the operating system. */
  'app.dial': z.object({ target: z.string().max(100) }),
  /** A global shortcut pressed while the window may not have the focus (Electron). */
  'app.shortcut': z.object({ action: CallAction }),
};

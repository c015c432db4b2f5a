import { z } from 'zod';
import { channel } from './define.js';

export const SyncStatus = z.object({
  online: z.boolean(),
  syncing: z.boolean(),
  pending: z.number().int().nonnegative(),
  oldestPendingAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const syncChannels = {
  'sync.status': channel(z.object({}).strict(), SyncStatus),
  'sync.now': channel(z.object({}).strict(), SyncStatus),
};

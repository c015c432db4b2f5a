import { z } from 'zod';

/** What a browser page sends over the IPC socket: one request, answered by a frame with the same id. */
export const IpcFrame = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  payload: z.unknown(),
});
export type IpcFrame = z.infer<typeof IpcFrame>;

import { z } from 'zod';

export { MAX_IPC_FRAME_BYTES, tooLargeFrame } from '../../../src-shared/ipc/frame-limit.js';

/** Beyond this the WebSocket library closes the one socket (code 1009) instead of buffering more. */
export const HARD_FRAME_LIMIT_BYTES = 64 * 1024 * 1024;

/** What a browser page sends over the IPC socket: one request, answered by a frame with the same id. */
export const IpcFrame = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  payload: z.unknown(),
});
export type IpcFrame = z.infer<typeof IpcFrame>;

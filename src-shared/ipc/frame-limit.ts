import { fail, type Result } from '../result.js';

/**
 * The largest IPC message browser mode carries over its WebSocket: a 5 MB attachment as base64
 * (6.7 MB) and its envelope fit. The page checks before sending; the host answers a larger frame
 * with this same error and keeps the socket.
 */
export const MAX_IPC_FRAME_BYTES = 8 * 1024 * 1024;

export const tooLargeFrame = (bytes: number): Result<never> =>
  fail('TOO_LARGE', `IPC message of ${(bytes / 1024 / 1024).toFixed(1)} MiB is over the ${MAX_IPC_FRAME_BYTES / 1024 / 1024} MiB limit`);

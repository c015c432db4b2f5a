// Errors cross every boundary (IPC, HTTP) as values, never as thrown exceptions.
// `code` is stable and translatable by the UI; `message` is for logs and developers.

export const ERROR_CODES = [
  'VALIDATION',
  'UNKNOWN_CHANNEL',
  'UNAUTHENTICATED',
  'BAD_CREDENTIALS',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'OFFLINE',
  'SERVER_UNREACHABLE',
  'NO_SESSION',
  'RATE_LIMITED',
  'TOO_LARGE',
  /** Offline sign-in refused: the last online sign-in is older than the centre allows. */
  'OFFLINE_EXPIRED',
  /** The profile's key cannot be sealed safely on this machine (Linux keystore is basic_text). */
  'KEYSTORE_UNSAFE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Field-level problems for VALIDATION errors: path → message. */
  issues?: { path: string; message: string }[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, issues?: AppError['issues']): Result<never> => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message },
});

/** An error that a service throws on purpose; the dispatcher turns it into a Result. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: AppError['issues'],
  ) {
    super(message);
  }
}

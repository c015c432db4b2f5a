/** An error the API answers with a status and a stable code: `{code, message}` JSON. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** For 429: when the client may try again (the `Retry-After` header). */
    readonly options: { retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, 'VALIDATION', message);
export const unauthorized = (message = 'Not signed in or token expired') => new HttpError(401, 'UNAUTHENTICATED', message);
export const forbidden = (message = 'Not allowed for this role') => new HttpError(403, 'FORBIDDEN', message);

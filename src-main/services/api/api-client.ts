import type { z } from 'zod';
import { ApiError, LoginResponse, PullResponse, HealthResponse, PushResponse, type PushRequest } from '../../../src-shared/sync/protocol.js';
import { AppFailure } from '../../../src-shared/result.js';

export interface ApiClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * HTTP client of the central API. Every reply is parsed with the shared protocol schema, so a
 * broken or hostile server cannot put unchecked data into the local store.
 */
export class ApiClient {
  private accessToken: string | undefined;
  private refreshToken: string | undefined;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  get hasTokens(): boolean {
    return this.accessToken !== undefined;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  async login(agentId: string, password: string): Promise<LoginResponse> {
    const session = await this.request('POST', '/v1/auth/login', LoginResponse, { agentId, password }, false);
    this.useTokens(session);
    return session;
  }

  useTokens(tokens: { accessToken: string; refreshToken: string }): void {
    this.accessToken = tokens.accessToken;
    this.refreshToken = tokens.refreshToken;
  }

  clearTokens(): void {
    this.accessToken = undefined;
    this.refreshToken = undefined;
  }

  health() {
    return this.request('GET', '/v1/health', HealthResponse, undefined, false);
  }

  pull(cursor: number, limit: number) {
    return this.request('GET', `/v1/sync/pull?cursor=${cursor}&limit=${limit}`, PullResponse);
  }

  push(request: PushRequest) {
    return this.request('POST', '/v1/sync/push', PushResponse, request);
  }

  /**
   * Opens the server-sent event stream (no timeout: it stays open). Refreshes the access token
   * once if it has expired. The caller reads `body` and aborts with `signal`.
   */
  async openEvents(signal: AbortSignal): Promise<Response> {
    const open = () => {
      if (!this.accessToken) throw new AppFailure('NO_SESSION', 'Not signed in to the central API');
      return this.fetchImpl(new URL('/v1/sync/events', this.options.baseUrl), {
        headers: { accept: 'text/event-stream', authorization: `Bearer ${this.accessToken}` },
        signal,
      });
    };
    let response: Response;
    try {
      response = await open();
      if (response.status === 401 && this.refreshToken) {
        await response.body?.cancel();
        this.useTokens(await this.send('POST', '/v1/auth/refresh', LoginResponse, { refreshToken: this.refreshToken }, false));
        response = await open();
      }
    } catch (error) {
      if (error instanceof AppFailure) throw error;
      throw new AppFailure('SERVER_UNREACHABLE', `Central API unreachable: ${(error as Error).message}`);
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new AppFailure(response.status === 401 ? 'UNAUTHENTICATED' : 'SERVER_UNREACHABLE', `Event stream refused: HTTP ${response.status}`);
    }
    return response;
  }

  /** Authenticated request with one transparent refresh when the access token has expired. */
  async request<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown, auth = true): Promise<z.output<S>> {
    try {
      return await this.send(method, path, schema, body, auth);
    } catch (error) {
      if (!(auth && error instanceof AppFailure && error.code === 'UNAUTHENTICATED' && this.refreshToken)) throw error;
      this.useTokens(await this.send('POST', '/v1/auth/refresh', LoginResponse, { refreshToken: this.refreshToken }, false));
      return this.send(method, path, schema, body, auth);
    }
  }

  private async send<S extends z.ZodType>(method: string, path: string, schema: S, body: unknown, auth: boolean): Promise<z.output<S>> {
    if (auth && !this.accessToken) throw new AppFailure('NO_SESSION', 'Not signed in to the central API');
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, this.options.baseUrl), {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(auth ? { authorization: `Bearer ${this.accessToken}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new AppFailure('SERVER_UNREACHABLE', `Central API unreachable: ${(error as Error).message}`);
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const apiError = ApiError.safeParse(payload);
      const code = apiError.success ? apiError.data.code : 'INTERNAL';
      const message = apiError.success ? apiError.data.message : `HTTP ${response.status}`;
      if (response.status === 401 && code !== 'BAD_CREDENTIALS') throw new AppFailure('UNAUTHENTICATED', message);
      if (response.status >= 500) throw new AppFailure('SERVER_UNREACHABLE', `Central API error: ${message}`);
      throw new AppFailure(knownCode(code), message);
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) throw new AppFailure('INTERNAL', `Central API sent an unexpected reply to ${method} ${path}`);
    return parsed.data;
  }
}

const PASSED_THROUGH = new Set(['BAD_CREDENTIALS', 'FORBIDDEN', 'NOT_FOUND', 'VALIDATION', 'CONFLICT', 'RATE_LIMITED', 'TOO_LARGE']);
const knownCode = (code: string) => (PASSED_THROUGH.has(code) ? code : 'INTERNAL') as AppFailure['code'];

import type { z } from 'zod';
import { ApiError, AttachmentUploaded, LoginResponse, PullResponse, HealthResponse, PushResponse, type PushRequest } from '../../../src-shared/sync/protocol.js';
import { AppFailure } from '../../../src-shared/result.js';

export interface ApiClientOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** The server refused the refresh token (signed out elsewhere, password changed, agent disabled): the agent must sign in again. */
  onRevoked?: () => void;
}

/**
 * HTTP client of the central API. Every reply is parsed with the shared protocol schema, so a
 * broken or hostile server cannot put unchecked data into the local store.
 */
export class ApiClient {
  private accessToken: string | undefined;
  private refreshToken: string | undefined;
  private readonly fetchImpl: typeof fetch;
  /** One refresh at a time: a refresh token works once, so two concurrent refreshes would look like a stolen copy. */
  private refreshing: Promise<void> | undefined;

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

  /** Best effort: tells the server to revoke this agent's tokens; the local tokens are gone either way. */
  async logout(): Promise<void> {
    const refreshToken = this.refreshToken;
    const signedIn = this.accessToken !== undefined;
    if (!signedIn && !refreshToken) return;
    try {
      await this.exchange('POST', '/v1/auth/logout', refreshToken ? { refreshToken } : {}, signedIn);
    } catch {
      // offline or already revoked: nothing more to do
    } finally {
      this.clearTokens();
    }
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

  /** Uploads a ticket attachment's bytes under their sha256 (idempotent). */
  uploadAttachment(sha256: string, mime: string, data: Buffer) {
    return this.request('PUT', `/v1/attachments/${sha256}`, AttachmentUploaded, { bytes: data, mime });
  }

  /** A ticket attachment's bytes and type, as a colleague uploaded them. */
  async downloadAttachment(sha256: string): Promise<{ mime: string; data: Buffer }> {
    const response = await this.withRefresh(() => this.exchange('GET', `/v1/attachments/${sha256}`, undefined, true));
    return { mime: response.headers.get('x-content-type') ?? 'application/octet-stream', data: Buffer.from(await response.arrayBuffer()) };
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
        await this.refresh();
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
    const response = auth ? await this.withRefresh(() => this.exchange(method, path, body, auth)) : await this.exchange(method, path, body, auth);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new AppFailure('INTERNAL', `Central API sent an unexpected reply to ${method} ${path}`);
    return parsed.data;
  }

  private async withRefresh(exchange: () => Promise<Response>): Promise<Response> {
    try {
      return await exchange();
    } catch (error) {
      if (!(error instanceof AppFailure && error.code === 'UNAUTHENTICATED' && this.refreshToken)) throw error;
      await this.refresh();
      return exchange();
    }
  }

  /** Rotates the refresh token; a refusal means every token of this sign-in is dead (onRevoked). */
  private refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      if (!this.refreshToken) throw new AppFailure('UNAUTHENTICATED', 'No refresh token');
      try {
        this.useTokens(await this.request('POST', '/v1/auth/refresh', LoginResponse, { refreshToken: this.refreshToken }, false));
      } catch (error) {
        if (error instanceof AppFailure && error.code === 'UNAUTHENTICATED') {
          this.clearTokens();
          this.options.onRevoked?.();
        }
        throw error;
      }
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** One HTTP exchange; a refusal becomes an AppFailure with the server's code, a success the raw response. */
  private async exchange(method: string, path: string, body: unknown, auth: boolean): Promise<Response> {
    if (auth && !this.accessToken) throw new AppFailure('NO_SESSION', 'Not signed in to the central API');
    const bytes = isBytes(body) ? body : undefined;
    let response: Response;
    try {
      response = await this.fetchImpl(new URL(path, this.options.baseUrl), {
        method,
        headers: {
          ...(bytes ? { 'content-type': 'application/octet-stream', 'x-content-type': bytes.mime } : body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(auth ? { authorization: `Bearer ${this.accessToken}` } : {}),
        },
        body: bytes ? new Uint8Array(bytes.bytes) : body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new AppFailure('SERVER_UNREACHABLE', `Central API unreachable: ${(error as Error).message}`);
    }
    if (response.ok) return response;
    const apiError = ApiError.safeParse(await response.json().catch(() => undefined));
    const code = apiError.success ? apiError.data.code : 'INTERNAL';
    const message = apiError.success ? apiError.data.message : `HTTP ${response.status}`;
    if (response.status === 401 && code !== 'BAD_CREDENTIALS') throw new AppFailure('UNAUTHENTICATED', message);
    if (response.status >= 500) throw new AppFailure('SERVER_UNREACHABLE', `Central API error: ${message}`);
    throw new AppFailure(knownCode(code), message);
  }
}

/** Raw bytes with their type (attachments); any other body is sent as JSON. */
interface BytesBody {
  bytes: Buffer;
  mime: string;
}
const isBytes = (body: unknown): body is BytesBody => typeof body === 'object' && body !== null && Buffer.isBuffer((body as BytesBody).bytes);

const PASSED_THROUGH = new Set(['BAD_CREDENTIALS', 'FORBIDDEN', 'NOT_FOUND', 'VALIDATION', 'CONFLICT', 'RATE_LIMITED', 'TOO_LARGE']);
const knownCode = (code: string) => (PASSED_THROUGH.has(code) ? code : 'INTERNAL') as AppFailure['code'];

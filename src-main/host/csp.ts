/**
 * The renderer's Content-Security-Policy, sent by both hosts. No inline or eval'd script; network
 * only to the host itself and to the SIP WebSocket servers this workstation was provisioned with
 * (never `ws: wss:` to any host). The renderer never talks to the central API itself (main does),
 * so the API's origin is not in the list.
 */
export function contentSecurityPolicy(connectOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src ${["'self'", ...connectOrigins.flatMap(connectSource)].join(' ')}`,
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A ws(s) URL's origin as a CSP source; anything else (or a malformed URL) allows nothing. */
export function connectSource(url: string): string[] {
  try {
    const parsed = new URL(url);
    return /^wss?:$/.test(parsed.protocol) && !/[;,'\s]/.test(parsed.host) ? [`${parsed.protocol}//${parsed.host}`] : [];
  } catch {
    return [];
  }
}

export function securityHeaders(connectOrigins: readonly string[]): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(connectOrigins),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.ico': 'image/x-icon',
};

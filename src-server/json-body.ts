import type { FastifyInstance } from 'fastify';
import { HttpError } from './http-errors.js';

/** Deeper than any document the API stores (a ticket is 4 levels deep); deep enough for any honest client. */
export const MAX_JSON_DEPTH = 32;

/**
 * Every JSON body is parsed here: its nesting is measured first, in one pass without recursion, so
 * a body nested thousands deep answers 400 instead of overflowing the stack of whatever walks it
 * later (validators, merge, logging). Size is bounded by the body limit (413).
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(null, undefined);
    const depth = jsonDepth(text);
    if (depth > MAX_JSON_DEPTH) return done(new HttpError(400, 'TOO_DEEP', `JSON nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    try {
      // Keys that would reach an object's prototype have no meaning in any of our documents.
      done(null, JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value)));
    } catch (error) {
      done(new HttpError(400, 'VALIDATION', `Body is not valid JSON: ${(error as Error).message}`), undefined);
    }
  });
}

/** The deepest nesting of objects and arrays in a JSON text (strings skipped, escapes honoured). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x7d || char === 0x5d) depth--;
  }
  return deepest;
}

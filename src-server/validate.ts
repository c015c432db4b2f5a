import type { z } from 'zod';
import { badRequest } from './http-errors.js';

/** Parses a request part with its schema; a failure becomes a 400 naming each bad field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw badRequest(result.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
}

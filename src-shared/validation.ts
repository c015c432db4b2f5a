import type { z } from 'zod';
import type { AppError } from './result.js';

/** Turns zod issues into the field-level list that the UI shows next to each field. */
export function describeIssues(error: z.ZodError): NonNullable<AppError['issues']> {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
}

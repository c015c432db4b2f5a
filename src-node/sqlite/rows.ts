import { z } from 'zod';

/**
 * Rows read back from a database (the workstation's SQLite stores, the central API's SQLite or
 * PostgreSQL) are checked against the shape the code expects instead of cast: a column renamed by
 * a migration, or a value written by another build, fails here with the table's name rather than
 * as an `undefined` deep inside a feature.
 */
export function parseRows<S extends z.ZodType>(schema: S, rows: unknown[], table: string): z.infer<S>[] {
  return rows.map((row) => parseRow(schema, row, table));
}

export function parseRow<S extends z.ZodType>(schema: S, row: unknown, table: string): z.infer<S> {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')} ${issue.message}` : issue.message)).join('; ');
  throw new Error(`Unexpected row in ${table}: ${issues}`);
}

/** A TEXT column holding JSON: text that does not parse is an issue of the row, like a wrong type. */
export const jsonColumn = <S extends z.ZodType>(schema: S) =>
  z
    .string()
    .transform((text, ctx): unknown => {
      try {
        return JSON.parse(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` });
        return z.NEVER;
      }
    })
    .pipe(schema);

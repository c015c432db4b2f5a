import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';

// Parses an authored content file (JSON or YAML) against a schema and reports every problem with
// the file, the path inside it (steps.3.branches.0.next) and, where the parser knows it, the line.

export interface ContentProblem {
  file: string;
  /** Dotted path inside the document; "(root)" for the whole file. */
  path: string;
  line?: number;
  message: string;
}

export type ParsedContent<T> = { ok: true; value: T } | { ok: false; problems: ContentProblem[] };

export function parseContentFile<S extends z.ZodType>(file: string, text: string, schema: S): ParsedContent<z.output<S>> {
  const source = text.replace(/^\uFEFF/, '');
  const lines = new LineCounter();
  // YAML is a superset of JSON, so one parser gives line numbers for both.
  const document = parseDocument(source, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        file,
        path: '(root)',
        line: error.linePos?.[0]?.line,
        message: `${isJson(file) ? 'JSON' : 'YAML'} 语法错误 (syntax error): ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const parsed = schema.safeParse(document.toJS({ maxAliasCount: 50 }));
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => {
      const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
      return { file, path: path.map(String).join('.') || '(root)', line: lineOf(document, lines, path), message: issue.message };
    }),
  };
}

export const formatProblem = (problem: ContentProblem): string =>
  `${problem.file}${problem.line ? `:${problem.line}` : ''}  ${problem.path}  ${problem.message}`;

const isJson = (file: string) => file.toLowerCase().endsWith('.json');

function lineOf(document: ReturnType<typeof parseDocument>, lines: LineCounter, path: (string | number)[]): number | undefined {
  // The deepest node that exists on the path (a missing key points at its parent).
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

import { parseDocument } from 'yaml';
import { HandbookArticle } from '../domain/handbook.js';

export interface ParseProblem {
  line: number;
  message: string;
}

export type ParsedArticleFile =
  | { ok: true; article: HandbookArticle }
  | { ok: false; problems: ParseProblem[] };

/**
 * Parses one handbook file: YAML front matter between `---` lines, then a Markdown body.
 * Problems carry 1-based line numbers of the file so an author can find them.
 */
export function parseArticleFile(text: string): ParsedArticleFile {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = source.split('\n');
  if (lines[0]?.trim() !== '---') return { ok: false, problems: [{ line: 1, message: '文件必须以 --- 开头的 YAML 头部开始 (front matter must start with ---)' }] };
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end < 0) return { ok: false, problems: [{ line: 1, message: 'YAML 头部没有结束的 --- (front matter is not closed)' }] };

  const frontMatter = parseDocument(lines.slice(1, end).join('\n'));
  if (frontMatter.errors.length > 0) {
    return {
      ok: false,
      problems: frontMatter.errors.map((error) => ({ line: (error.linePos?.[0]?.line ?? 1) + 1, message: error.message.split('\n')[0]! })),
    };
  }
  const front = (frontMatter.toJS() ?? {}) as Record<string, unknown>;
  const parsed = HandbookArticle.safeParse({
    ...front,
    updated: normaliseDate(front.updated),
    body: lines.slice(end + 1).join('\n').replace(/^\n+/, ''),
  });
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '');
        const index = lines.slice(1, end).findIndex((line) => line.startsWith(`${key}:`));
        return { line: key === 'body' ? end + 2 : index >= 0 ? index + 2 : 1, message: `${key || 'front matter'}: ${issue.message}` };
      }),
    };
  }
  return { ok: true, article: parsed.data };
}

function normaliseDate(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value;
}

/** Writes an article back in the same format the parser reads. */
export function formatArticleFile(article: HandbookArticle): string {
  const list = (items: string[]) => `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
  return [
    '---',
    `id: ${article.id}`,
    `title: ${JSON.stringify(article.title)}`,
    `category: ${JSON.stringify(article.category)}`,
    `keywords: ${list(article.keywords)}`,
    `synonyms: ${list(article.synonyms)}`,
    `updated: ${article.updated}`,
    `status: ${article.status}`,
    `version: ${article.version}`,
    '---',
    '',
    article.body,
  ].join('\n');
}

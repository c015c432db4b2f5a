import { parseDocument } from 'yaml';
import { HandbookArticle } from '../domain/handbook.js';

export interface ParseProblem {
  line: number;
  message: string;
}

export type ParsedArticleFile =
  | { ok: true; article: HandbookArticle; /** 1-based line of the file where the body starts. */ bodyStartLine: number }
  | { ok: false; problems: ParseProblem[] };

const FRONT_MATTER_KEYS = new Set(['id', 'title', 'category', 'keywords', 'synonyms', 'updated', 'status', 'version']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses one handbook file: YAML front matter between `---` lines, then a Markdown body.
 * Problems carry 1-based line numbers of the file so an author can find them. A file with any
 * problem yields no article at all: callers skip it whole.
 */
export function parseArticleFile(text: string): ParsedArticleFile {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (source.includes('\0')) return fail(1, '文件含有二进制内容 (the file contains binary data)');
  const lines = source.split('\n');
  if (lines[0]?.trim() !== '---') return fail(1, '文件必须以 --- 开头的 YAML 头部开始 (front matter must start with ---)');
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end < 0) return fail(1, 'YAML 头部没有结束的 --- (front matter is not closed)');
  const frontLines = lines.slice(1, end);
  const lineOfKey = (key: string) => {
    const index = frontLines.findIndex((line) => line.startsWith(`${key}:`));
    return index >= 0 ? index + 2 : 1;
  };

  const document = parseDocument(frontLines.join('\n'), { uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({ line: (error.linePos?.[0]?.line ?? 1) + 1, message: `YAML: ${error.message.split('\n')[0]!}` })),
    };
  }
  const front = document.toJS() as unknown;
  if (front === null || typeof front !== 'object' || Array.isArray(front)) return fail(2, 'YAML 头部必须是键值对 (front matter must be a mapping)');
  const fields = front as Record<string, unknown>;

  const problems: ParseProblem[] = [];
  for (const key of Object.keys(fields)) {
    if (!FRONT_MATTER_KEYS.has(key)) problems.push({ line: lineOfKey(key), message: `未知字段 ${key} (unknown front matter key)` });
  }
  const updated = normaliseDate(fields.updated);
  if (typeof updated === 'string' && !isIsoDate(updated)) problems.push({ line: lineOfKey('updated'), message: `updated: 不是 ISO 日期 (not an ISO date): ${updated}` });
  if (typeof fields.category === 'string' && fields.category.split('/').some((segment) => segment.trim() === '' || segment === '.' || segment === '..')) {
    problems.push({ line: lineOfKey('category'), message: 'category: 分类路径的每一段都不能为空 (empty category segment)' });
  }

  const bodyStartLine = end + 2;
  const body = lines.slice(end + 1).join('\n').replace(/^\n+/, '');
  if (body.trim() === '') problems.push({ line: bodyStartLine, message: '正文为空 (the body is empty)' });

  const parsed = HandbookArticle.safeParse({
    ...fields,
    keywords: scalarsToStrings(fields.keywords),
    synonyms: scalarsToStrings(fields.synonyms),
    updated,
    body,
  });
  if (!parsed.success) {
    problems.push(
      ...parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '');
        return { line: key === 'body' ? bodyStartLine : lineOfKey(key), message: `${key || 'front matter'}: ${issue.message}` };
      }),
    );
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  return { ok: true, article: parsed.data, bodyStartLine };
}

const fail = (line: number, message: string): ParsedArticleFile => ({ ok: false, problems: [{ line, message }] });

/** YAML reads `[5G, 10000]` as a string and a number; both are meant as keywords. */
function scalarsToStrings(value: unknown): unknown {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return value;
  return value.map((item) => (typeof item === 'number' || typeof item === 'boolean' ? String(item) : item));
}

function normaliseDate(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  return value;
}

const isIsoDate = (value: string) => ISO_DATE.test(value) && !Number.isNaN(Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value));

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
    `updated: ${JSON.stringify(article.updated)}`,
    `status: ${article.status}`,
    `version: ${article.version}`,
    '---',
    '',
    article.body,
  ].join('\n');
}

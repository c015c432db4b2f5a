import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { MAX_ARTICLE_FILE_BYTES, MAX_ASSET_BYTES, type HandbookArticle } from '../../src-shared/domain/handbook.js';
import { findAssetLinks, mimeOfPath, rewriteAssetLinks } from '../../src-shared/handbook/asset-links.js';
import { parseArticleFile } from '../../src-shared/handbook/markdown-file.js';
import { sanitiseBody } from './sanitise-body.js';

// Shared by the central API (seeds, publish) and the workstation CLI (import into a local store).

export interface StoredAsset {
  sha256: string;
  mime: string;
  data: Buffer;
}

export const sha256Hex = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export interface FileProblem {
  /** Path relative to the folder imported. */
  file: string;
  line: number;
  message: string;
}

export interface PreparedArticle {
  file: string;
  /** With relative picture/audio links rewritten to /asset/<sha256>. */
  article: HandbookArticle;
  assets: StoredAsset[];
}

export interface FolderContents {
  articles: PreparedArticle[];
  /** What keeps a file out: it cannot be read as an article. */
  problems: FileProblem[];
  /** What was changed in an imported file (raw HTML sanitised): reported, the article imported. */
  warnings: FileProblem[];
  /** Files skipped because of problems (each appears in problems at least once). */
  skipped: string[];
}

export interface ReadFolderOptions {
  maxArticleBytes?: number;
  maxAssetBytes?: number;
}

/**
 * Reads and validates a handbook folder (category folders of Markdown files with pictures and audio
 * next to them). Each file is checked on its own; a file that cannot be read as an article (front
 * matter, duplicate id, size, missing asset) is left out whole and reported by file and line, so the
 * caller can store the good ones in one transaction. Raw HTML is sanitised and reported as a warning.
 */
export function readHandbookFolder(dir: string, options: ReadFolderOptions = {}): FolderContents {
  const root = realpathSync(dir);
  const maxArticle = options.maxArticleBytes ?? MAX_ARTICLE_FILE_BYTES;
  const maxAsset = options.maxAssetBytes ?? MAX_ASSET_BYTES;
  const problems: FileProblem[] = [];
  const warnings: FileProblem[] = [];
  const skipped: string[] = [];
  const articles: PreparedArticle[] = [];
  const firstFileOfId = new Map<string, string>();

  for (const absolute of markdownFiles(root)) {
    const file = path.relative(root, absolute);
    const report = (line: number, message: string) => problems.push({ file, line, message });
    const size = statSync(absolute).size;
    if (size > maxArticle) {
      report(1, `文件过大：${mb(size)}，上限 ${mb(maxArticle)} (file too large)`);
      skipped.push(file);
      continue;
    }
    const text = readFileSync(absolute, 'utf8');
    const parsed = parseArticleFile(text);
    if (!parsed.ok) {
      parsed.problems.forEach((problem) => report(problem.line, problem.message));
      skipped.push(file);
      continue;
    }
    const { bodyStartLine } = parsed;
    const sanitised = sanitiseBody(parsed.article.body);
    const article = { ...parsed.article, body: sanitised.body };
    const bodyLine = (line: number) => bodyStartLine + line - 1 + leadingBlankLines(text, bodyStartLine);
    const fileWarnings = sanitised.warnings.map((warning) => ({ file, line: bodyLine(warning.line), message: warning.message }));
    const before = problems.length;
    const earlier = firstFileOfId.get(article.id);
    if (earlier) report(lineOf(text, /^id\s*:/m), `id ${article.id} 与 ${earlier} 重复 (duplicate id)`);

    const assets = new Map<string, StoredAsset>();
    const hashOfLink = new Map<string, string>();
    for (const link of findAssetLinks(article.body)) {
      const line = bodyLine(link.line);
      const loaded = loadAsset(root, path.dirname(absolute), link.path, maxAsset);
      if ('problem' in loaded) report(line, loaded.problem);
      else {
        assets.set(loaded.asset.sha256, loaded.asset);
        hashOfLink.set(link.path, loaded.asset.sha256);
      }
    }
    if (problems.length > before) {
      skipped.push(file);
      continue;
    }
    warnings.push(...fileWarnings);
    firstFileOfId.set(article.id, file);
    const body = rewriteAssetLinks(article.body, (link) => {
      const hash = hashOfLink.get(link);
      return hash ? `/asset/${hash}` : undefined;
    });
    articles.push({ file, article: { ...article, body }, assets: [...assets.values()] });
  }
  return { articles, problems, warnings, skipped };
}

function loadAsset(root: string, dir: string, link: string, maxBytes: number): { asset: StoredAsset } | { problem: string } {
  const mime = mimeOfPath(link);
  if (!mime) return { problem: `不支持的文件类型：${link} (unsupported asset type)` };
  let real: string;
  try {
    real = realpathSync(path.resolve(dir, link));
  } catch {
    return { problem: `找不到文件：${link} (missing picture or audio)` };
  }
  if (!real.startsWith(root + path.sep)) return { problem: `文件不在导入目录内：${link} (outside the imported folder)` };
  const size = statSync(real).size;
  if (size > maxBytes) return { problem: `文件过大：${link} ${mb(size)}，上限 ${mb(maxBytes)} (asset too large)` };
  const data = readFileSync(real);
  if (mime === 'image/svg+xml' && /<\s*script\b|\son[a-z]+\s*=|javascript\s*:|<\s*foreignObject\b/i.test(data.toString('utf8'))) {
    return { problem: `SVG 图片含有脚本：${link} (SVG with script)` };
  }
  return { asset: { sha256: sha256Hex(data), mime, data } };
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return markdownFiles(full);
      return entry.isFile() && entry.name.endsWith('.md') ? [full] : [];
    })
    .sort();
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function lineOf(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  return match ? text.slice(0, match.index).split('\n').length : 1;
}

/** The parser drops blank lines before the body; links are counted from the first non-blank one. */
function leadingBlankLines(text: string, bodyStartLine: number): number {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').slice(bodyStartLine - 1);
  let count = 0;
  while (count < lines.length && lines[count] === '') count++;
  return count;
}

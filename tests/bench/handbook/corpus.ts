import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import type { HandbookArticle } from '../../../src-shared/domain/handbook.js';
import { formatArticleFile } from '../../../src-shared/handbook/markdown-file.js';
import { readHandbookFolder } from '../../../src-node/content/read-folder.js';
import { visibleText } from './visible-text.js';
import { REPO_ROOT } from '../../support/processes.js';
import { seededRandom } from '../../support/seeded-random.js';

// The benchmark corpus: the seed articles plus real Chinese text from Debian's debian-reference-zh-cn
// and manpages-zh, cut into article-sized pieces and replicated (with shifted boundaries) up to N.

const PACKAGES = ['debian-reference-zh-cn', 'manpages-zh'];

/** Installs the Chinese text packages when missing (CI images may not have them). */
export function ensureTextPackages(): void {
  const missing = PACKAGES.filter((name) => {
    try {
      execFileSync('dpkg', ['-s', name], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    console.log(`installing ${missing.join(', ')} …`);
    execFileSync('apt-get', ['install', '-y', '-q', ...missing], { stdio: 'inherit' });
  }
}

const packageFiles = (name: string) =>
  execFileSync('dpkg', ['-L', name], { encoding: 'utf8' })
    .split('\n')
    .filter((file) => /\.(html|gz)$/.test(file));

const decodeEntities = (text: string) =>
  text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&');

// ---- conversion of the package files to Markdown articles, as an admin's converter would: text
// stays text (markup characters escaped; `<` only where an HTML element name follows, so `<文件名>`,
// `<form-feed>` and `速率<10M` stay as written), headings stay headings, preformatted text becomes
// fenced code. `<` before what Markdown reads as an autolink (`<URL:http://…>`) is escaped too.

const ELEMENT_AFTER_LT = /<(?=\/?(a|b|i|u|s|em|strong|small|big|sub|sup|span|div|p|br|hr|pre|code|kbd|samp|var|tt|mark|del|ins|q|cite|h[1-6]|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|td|th|img|figure|blockquote|section|script|style|iframe|object|embed|form|input|textarea|select|option|button|label|link|meta|base|frame|frameset|font|center|html|head|body|title|audio|video|source|svg|math|template|details|summary|caption|col|colgroup|abbr|time|nav|main|header|footer|article|aside|picture|noscript|param|map|area|canvas|dialog|menu|output|meter|progress|track|wbr|ruby|rt|rp|bdi|bdo|data|datalist|fieldset|legend|optgroup|slot|strike|applet)(?![\w-]))|<(?=[!?])|<(?=[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>)|<(?=[\w.+-]+@[\w-]+(?:\.[\w-]+)+>)/gi;

/** One line of text as Markdown that shows exactly that text. */
export function escapeMarkdownText(text: string): string {
  // URLs stay as written: Markdown shows an autolinked URL verbatim, backslashes included.
  return text
    .split(/((?:https?|ftp):\/\/[^\s<>]+|www\.[^\s<>]+)/)
    .map((part, index) => (index % 2 ? part.replace(/&(?=[A-Za-z#])/g, '&amp;') : escapeProse(part)))
    .join('')
    .replace(/^(\s*)([#>+=-]|\d+(?=[.)]))/, (_, space: string, lead: string) => `${space}${/\d/.test(lead) ? `${lead}\\` : `\\${lead}`}`);
}

function escapeProse(text: string): string {
  return text
    .replace(/[\\`*_[\]~|]/g, (char) => `\\${char}`)
    .replace(/&(?=[A-Za-z#])/g, '&amp;')
    .replace(ELEMENT_AFTER_LT, '&lt;');
}

const fenced = (lines: string[]) => {
  const body = lines.join('\n').replace(/^\n+|\n+$/g, '');
  return body.trim() ? `\`\`\`\n${body.replace(/^`{3,}/gm, (ticks) => ticks.replace(/`/g, "'"))}\n\`\`\`` : '';
};

/** A debian-reference chapter (HTML) as Markdown blocks. */
function htmlToMarkdown(html: string): string[] {
  const blocks: string[] = [];
  const body = html.replace(/<head[\s\S]*?<\/head>/i, '').replace(/<(script|style)[\s\S]*?<\/\1>/gi, '');
  const parts = body.split(/(<pre\b[^>]*>[\s\S]*?<\/pre>|<h[1-6]\b[^>]*>[\s\S]*?<\/h[1-6]>)/i);
  const textOf = (fragment: string) => decodeEntities(fragment.replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]+>/g, ''));
  for (const part of parts) {
    if (/^<pre\b/i.test(part)) {
      const code = fenced(textOf(part).split('\n'));
      if (code) blocks.push(code);
    } else if (/^<h[1-6]\b/i.test(part)) {
      const level = Number(part[2]);
      const text = textOf(part).replace(/\s+/g, ' ').trim();
      if (text) blocks.push(`${'#'.repeat(Math.min(level + 1, 6))} ${escapeMarkdownText(text)}`);
    } else {
      const text = textOf(part.replace(/<\/(p|div|li|tr|dt|dd|td|th|title|table)>/gi, '\n'));
      for (const line of text.split('\n')) {
        const clean = line.replace(/\s+/g, ' ').trim();
        if (clean) blocks.push(escapeMarkdownText(clean));
      }
    }
  }
  return blocks;
}

/** A man page (troff) as Markdown blocks: sections as headings, no-fill regions as code. */
function manToMarkdown(troff: string): string[] {
  const blocks: string[] = [];
  let code: string[] | null = null;
  const clean = (line: string) =>
    line
      .replace(/\\f[BIRPC1-4]|\\f\(..|\\[,/&|^]/g, '')
      .replace(/\\\(..|\\\*\(..|\\\*./g, '')
      .replace(/\\-/g, '-')
      // groff prints the character of an escape it does not know: `\<URL:…\>` shows <URL:…>.
      .replace(/\\([<>])/g, '$1')
      .replace(/\\e/g, '\\')
      .replace(/\\ /g, ' ');
  for (const line of troff.split('\n')) {
    if (line.startsWith('.\\"') || line.startsWith("'\\\"")) continue;
    const macro = /^[.'](\w{1,3})\s*(.*)$/.exec(line);
    if (macro) {
      const [, name, rest] = macro;
      if (name === 'nf' || name === 'EX') code = [];
      else if ((name === 'fi' || name === 'EE') && code) {
        const block = fenced(code);
        if (block) blocks.push(block);
        code = null;
      } else if (name === 'SH' || name === 'SS') {
        const text = clean(rest!).replace(/"/g, '').trim();
        if (text) blocks.push(`${name === 'SH' ? '##' : '###'} ${escapeMarkdownText(text)}`);
      } else if (['B', 'I', 'BR', 'IR', 'RB', 'RI', 'BI', 'IB', 'TP', 'IP', 'TH', 'SM'].includes(name!) && rest) {
        const text = clean(rest).replace(/"/g, '').trim();
        if (text) (code ?? blocks).push(code ? text : escapeMarkdownText(text));
      }
      continue;
    }
    if (code) code.push(clean(line));
    else {
      const text = clean(line).replace(/\s+/g, ' ').trim();
      if (text) blocks.push(escapeMarkdownText(text));
    }
  }
  if (code) {
    const block = fenced(code);
    if (block) blocks.push(block);
  }
  return blocks;
}

/** A plain text file (the manual's .txt edition): every non-empty line a paragraph of its own. */
function plainToMarkdown(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map(escapeMarkdownText);
}

export interface ConvertedFile {
  /** Path of the package file it comes from. */
  source: string;
  article: HandbookArticle;
  blocks: string[];
}

/** Every file of the two packages as one Markdown article (the files an admin would import). */
export function convertPackages(): ConvertedFile[] {
  const converted: ConvertedFile[] = [];
  const seen = new Set<string>();
  for (const name of PACKAGES) {
    for (const file of packageFiles(name)) {
      const raw = file.endsWith('.gz') ? gunzipSync(readFileSync(file)).toString('utf8') : readFileSync(file, 'utf8');
      const blocks = file.endsWith('.txt.gz') ? plainToMarkdown(raw) : file.endsWith('.gz') ? manToMarkdown(raw) : htmlToMarkdown(raw);
      if (!blocks.length) continue;
      const base = path.basename(file).replace(/\.(gz|html)$/, '').replace(/[^A-Za-z0-9._-]/g, '_');
      let id = `${name === 'manpages-zh' ? 'man' : 'ref'}-${base}`.slice(0, 70);
      for (let n = 2; seen.has(id); n++) id = `${id.slice(0, 66)}-${n}`;
      seen.add(id);
      const heading = blocks.find((block) => /^#+ /.test(block))?.replace(/^#+ /, '').replace(/\\(.)/g, '$1') ?? base;
      const title = `${heading.slice(0, 60)}${name === 'manpages-zh' ? ` (${path.basename(file).replace(/\.gz$/, '')})` : ''}`.slice(0, 120);
      converted.push({
        source: file,
        blocks,
        article: {
          id,
          title,
          category: name === 'manpages-zh' ? `系统手册/${path.basename(path.dirname(file))}` : '系统参考/debian-reference',
          keywords: [],
          synonyms: [],
          body: blocks.join('\n\n'),
          version: 1,
          updated: '2026-01-01',
          status: 'published',
        },
      });
    }
  }
  return converted;
}

/** Writes the converted files as a handbook folder (category folders of `<id>.md`). */
export function writeConvertedFolder(dir: string, files: ConvertedFile[]): void {
  for (const { article } of files) {
    const folder = path.join(dir, ...article.category.split('/'));
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, `${article.id}.md`), formatArticleFile(article));
  }
}

/** Markdown blocks of real Chinese text (each with some Han characters), in package order. */
export function debianChineseBlocks(files: ConvertedFile[] = convertPackages()): string[] {
  return files.flatMap((file) => file.blocks).filter((block) => block.length >= 8 && /\p{Script=Han}/u.test(block));
}

const CATEGORIES = ['系统手册/命令', '系统手册/配置', '系统参考/网络', '系统参考/软件包', '系统参考/数据管理', '系统参考/编程'];

export function seedArticles(): HandbookArticle[] {
  return readHandbookFolder(path.join(REPO_ROOT, 'seeds/handbook')).articles.map((prepared) => prepared.article);
}

/** N articles: the seeds, then pieces of 300–1,200 characters of the converted Debian Markdown (whole blocks), replicated as needed. */
export function buildCorpus(count: number, paragraphs: string[]): HandbookArticle[] {
  const rand = seededRandom(7);
  const articles = seedArticles().slice(0, count);
  let cursor = 0;
  let pass = 0;
  while (articles.length < count) {
    const target = 300 + Math.floor(rand() * 900);
    const parts: string[] = [];
    let length = 0;
    while (length < target) {
      if (cursor >= paragraphs.length) {
        pass++;
        cursor = (pass * 7) % 13; // each replica starts a little later, so pieces differ
      }
      const paragraph = paragraphs[cursor++]!;
      parts.push(paragraph);
      length += paragraph.length;
    }
    const shown = parts.map((part) => visibleText(part).replace(/\s+/g, ' ').trim());
    const titleSource = shown.find((part) => /\p{Script=Han}{4}/u.test(part)) ?? shown[0]!;
    const title = titleSource.split(/[。，,.;；:：！？!?（(]/)[0]!.slice(0, 24) || titleSource.slice(0, 24);
    const body = parts.join('\n\n');
    const hans = shown.join('\n').match(/\p{Script=Han}{2,3}/gu) ?? [];
    const keywords = [...new Set(Array.from({ length: 3 }, () => hans[Math.floor(rand() * hans.length)]).filter((k): k is string => !!k))];
    const day = 1 + Math.floor(rand() * 28);
    const month = 1 + Math.floor(rand() * 12);
    articles.push({
      id: `bench-${articles.length}`,
      title: `${title}${pass > 0 ? `（${pass + 1}）` : ''}`,
      category: CATEGORIES[articles.length % CATEGORIES.length]!,
      keywords,
      synonyms: [],
      body,
      version: 1,
      updated: `${2024 + Math.floor(rand() * 3)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      status: 'published',
    });
  }
  return articles;
}


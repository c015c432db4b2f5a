import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import type { HandbookArticle } from '../../../src-shared/domain/handbook.js';
import { readHandbookFolder } from '../../../src-node/content/read-folder.js';
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

function htmlParagraphs(html: string): string[] {
  const text = html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<\/(p|div|h\d|li|tr|pre|dt|dd|title)>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(text).split('\n');
}

function manParagraphs(troff: string): string[] {
  return troff
    .split('\n')
    .filter((line) => !line.startsWith('.\\"') && !line.startsWith("'\\\""))
    .map((line) =>
      line
        .replace(/^\.[A-Za-z]{1,3}\s*/, '')
        .replace(/\\f[BIRPC]|\\f\(..|\\[,/&]/g, '')
        .replace(/\\\(..|\\\*\(..|\\\*./g, '')
        .replace(/\\-/g, '-')
        .replace(/\\e/g, '\\')
        .replace(/"/g, ''),
    );
}

/** Paragraphs of real Chinese text (each with some Han characters), in package order. */
export function debianChineseParagraphs(): string[] {
  const paragraphs: string[] = [];
  for (const name of PACKAGES) {
    for (const file of packageFiles(name)) {
      const raw = file.endsWith('.gz') ? gunzipSync(readFileSync(file)).toString('utf8') : readFileSync(file, 'utf8');
      const lines = file.endsWith('.gz') ? manParagraphs(raw) : htmlParagraphs(raw);
      for (const line of lines) {
        const text = line.replace(/\s+/g, ' ').trim();
        if (text.length >= 8 && /\p{Script=Han}/u.test(text)) paragraphs.push(text);
      }
    }
  }
  return paragraphs;
}


const CATEGORIES = ['系统手册/命令', '系统手册/配置', '系统参考/网络', '系统参考/软件包', '系统参考/数据管理', '系统参考/编程'];

export function seedArticles(): HandbookArticle[] {
  return readHandbookFolder(path.join(REPO_ROOT, 'seeds/handbook')).articles.map((prepared) => prepared.article);
}

/** N articles: the seeds, then pieces of 300–1,200 characters of the Debian text, replicated as needed. */
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
    const titleSource = parts.find((part) => /\p{Script=Han}{4}/u.test(part)) ?? parts[0]!;
    const title = titleSource.split(/[。，,.;；:：！？!?（(]/)[0]!.slice(0, 24) || titleSource.slice(0, 24);
    const body = parts.map((part, index) => (index === 0 ? `## ${part.slice(0, 40)}\n\n${part}` : part)).join('\n\n');
    const hans = body.match(/\p{Script=Han}{2,3}/gu) ?? [];
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


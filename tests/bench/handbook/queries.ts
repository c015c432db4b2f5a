import { pinyin } from 'pinyin-pro';
import type { HandbookArticle } from '../../../src-shared/domain/handbook.js';
import { visibleArticleText } from './visible-text.js';
import { seededRandom } from '../../support/seeded-random.js';

export const QUERY_KINDS = ['cjk1', 'cjk2', 'cjk3', 'cjk4', 'mixed', 'pinyin', 'english'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export const KIND_LABELS: Record<QueryKind, string> = {
  cjk1: '1-char Chinese',
  cjk2: '2-char Chinese',
  cjk3: '3-char Chinese',
  cjk4: '4-char Chinese',
  mixed: 'mixed (5G套餐)',
  pinyin: 'pinyin initials',
  english: 'English word',
};

const HAN_RUN = /\p{Script=Han}+/gu;
const WORD = /(?<![\p{L}\p{N}])[a-z]{4,12}(?![\p{L}\p{N}])/giu;

/**
 * Queries drawn from the corpus itself, like an agent typing what is in the articles: substrings at
 * random positions of random articles (so common characters come up as often as they occur).
 */
export function makeQueries(articles: HandbookArticle[], perKind: number): Record<QueryKind, string[]> {
  const rand = seededRandom(1234);
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)]!;
  const texts = () => visibleArticleText(pick(articles));
  const cjk = (length: number) => {
    for (;;) {
      const runs = (texts().match(HAN_RUN) ?? []).filter((run) => run.length >= length);
      if (runs.length === 0) continue;
      const run = pick(runs);
      const start = Math.floor(rand() * (run.length - length + 1));
      return run.slice(start, start + length);
    }
  };
  const english = () => {
    for (;;) {
      const words = texts().match(WORD) ?? [];
      if (words.length) return pick(words).toLowerCase();
    }
  };
  const mixed = () => {
    for (;;) {
      const text = texts();
      const words = text.match(/(?<![\p{L}\p{N}])[A-Za-z0-9]{2,8}(?![\p{L}\p{N}])/gu) ?? [];
      const runs = (text.match(HAN_RUN) ?? []).filter((run) => run.length >= 2);
      if (!words.length || !runs.length) continue;
      const run = pick(runs);
      const start = Math.floor(rand() * (run.length - 1));
      const han = run.slice(start, start + 2);
      return rand() < 0.5 ? `${pick(words)}${han}` : `${pick(words)} ${han}`;
    }
  };
  const initials = () => {
    for (;;) {
      const article = pick(articles);
      const runs = [article.title, ...article.keywords].flatMap((text) => text.match(HAN_RUN) ?? []).filter((run) => run.length >= 2);
      if (!runs.length) continue;
      const run = pick(runs);
      const length = Math.min(run.length, 2 + Math.floor(rand() * 3));
      const start = Math.floor(rand() * (run.length - length + 1));
      return pinyin(run.slice(start, start + length), { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
    }
  };
  const fixedMixed = ['5G套餐', 'FTTH 光猫', 'Debian 软件包', 'GNU 选项'];
  return {
    cjk1: Array.from({ length: perKind }, () => cjk(1)),
    cjk2: Array.from({ length: perKind }, () => cjk(2)),
    cjk3: Array.from({ length: perKind }, () => cjk(3)),
    cjk4: Array.from({ length: perKind }, () => cjk(4)),
    mixed: [...fixedMixed, ...Array.from({ length: Math.max(0, perKind - fixedMixed.length) }, mixed)],
    pinyin: Array.from({ length: perKind }, initials),
    english: Array.from({ length: perKind }, english),
  };
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * The ground truth, by scanning text: a Chinese term matches as a substring anywhere; a word (Latin,
 * digits) matches as a substring that starts a word — "port" finds "portability", not "support";
 * every space-separated term and every Chinese/Latin run of a term is required.
 */
export function substringMatches(lowerText: string, query: string): boolean {
  // Han runs, and runs of the other letters/digits (Han characters are letters too: keep them out).
  const parts = query.toLowerCase().match(/[\p{Script=Han}]+|(?:(?![\p{Script=Han}])[\p{L}\p{N}\p{M}])+/gu) ?? [];
  if (parts.length === 0) return false;
  return parts.every((part) => {
    if (CJK_CHAR.test(part[0]!)) return lowerText.includes(part);
    for (let at = lowerText.indexOf(part); at >= 0; at = lowerText.indexOf(part, at + 1)) {
      const before = lowerText[at - 1];
      if (!before || !WORD_CHAR.test(before) || CJK_CHAR.test(before)) return true;
    }
    return false;
  });
}

/**
 * Pinyin ground truth: a query of Latin letters only is read both ways (docs/handbook.md): as words
 * of the text (substringMatches) and as pinyin of a run of Han characters of the title, keywords or
 * synonyms — its initials (`kd` for 宽带), or its full pinyin from a syllable start (`kuand`).
 */
export function pinyinMatches(head: HeadPinyin, lowerText: string, query: string): boolean {
  if (substringMatches(lowerText, query)) return true;
  return head.some(({ initials, syllables }) => initials.includes(query) || syllables.some((_, start) => syllables.slice(start).join('').startsWith(query)));
}

export const isLatinQuery = (query: string) => /^[a-z]+$/.test(query);

export type HeadPinyin = { initials: string; syllables: string[] }[];

export function headPinyin(article: HandbookArticle): HeadPinyin {
  return [article.title, ...article.keywords, ...article.synonyms]
    .flatMap((text) => text.match(HAN_RUN) ?? [])
    .map((run) => {
      const syllables = pinyin(run, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase().replace(/[^a-z]/g, ''));
      return { initials: syllables.map((s) => s[0] ?? '').join(''), syllables };
    });
}

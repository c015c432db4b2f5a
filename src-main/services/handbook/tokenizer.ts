import { pinyin } from 'pinyin-pro';
import { boundedMemo } from './bounded-memo.js';
import { chineseWords } from './words.js';

// Chinese has no spaces between words, and FTS5's built-in tokenizers either keep a whole run of
// Han characters as one token (unicode61) or drop 1-2 character terms (trigram). So text is
// pre-tokenised here into space-separated tokens that unicode61 keeps whole, and queries are cut
// the same way. Every index column and every query term comes from these functions, which keeps
// the two sides consistent by construction.

/** Han plus the other scripts written without spaces; they are indexed as bigrams + single characters. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

export type Segment = { kind: 'cjk'; text: string } | { kind: 'word'; text: string };

const RUNS = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)|((?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}\p{M}])+)/gu;

/** Splits text into runs of CJK characters and lower-cased words; everything else separates. */
export function segment(text: string): Segment[] {
  const segments: Segment[] = [];
  for (const match of text.matchAll(RUNS)) {
    if (match[1]) segments.push({ kind: 'cjk', text: match[1] });
    else segments.push({ kind: 'word', text: match[2]!.toLowerCase() });
  }
  return segments;
}

export interface CjkColumns {
  /** Bigrams of every CJK run, in order, plus words: phrase and prefix queries run here. */
  terms: string;
  /** Every CJK character once per occurrence: single-character queries run here. */
  chars: string;
}

/** The two index columns of a text. A 1-character CJK run yields no bigram, only its character. */
export function cjkColumns(text: string): CjkColumns {
  const terms: string[] = [];
  const chars: string[] = [];
  for (const part of segment(text)) {
    if (part.kind === 'word') {
      terms.push(part.text);
      continue;
    }
    const run = [...part.text];
    for (let i = 0; i < run.length; i++) {
      chars.push(run[i]!);
      if (i + 1 < run.length) terms.push(run[i]! + run[i + 1]!);
    }
  }
  return { terms: terms.join(' '), chars: chars.join(' ') };
}

/**
 * Pinyin is indexed as "edge n-grams": from each character of a Han run, every prefix of the pinyin
 * that follows, up to these lengths. A typed pinyin string is then one exact token, however short
 * (`k`, `kd`, `kuand`), which FTS5 finds at once — a prefix query would merge thousands of doclists.
 * Longer typed pinyin is cut to these lengths: still every match, rarely an extra one.
 */
export const PINYIN_FULL_MAX = 12;
export const PINYIN_INITIALS_MAX = 8;

export interface PinyinColumns {
  full: string;
  initials: string;
  /** Each Han run with its syllables, for highlighting what a pinyin query matched. */
  runs: PinyinRun[];
}

export type PinyinRun = [text: string, syllables: string[]];

// pinyin-pro segments words to pick a polyphone's reading, which costs ~20 µs per run; keywords,
// synonyms and title words repeat across thousands of articles, so a run's syllables are kept.
const syllablesOf = boundedMemo(
  (hanRun) => pinyin(hanRun, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase().replace(/[^a-z]/g, '')),
  20_000,
);

/** Pinyin tokens of short texts (titles, keywords): `kd` and `kuand` both find 宽带 inside 家庭宽带. */
export function pinyinColumns(texts: string[]): PinyinColumns {
  const full = new Set<string>();
  const initials = new Set<string>();
  const runs = new Map<string, string[]>();
  for (const text of texts) {
    for (const part of segment(text)) {
      if (part.kind !== 'cjk' || runs.has(part.text)) continue;
      const syllables = syllablesOf(part.text);
      runs.set(part.text, syllables);
      for (let start = 0; start < syllables.length; start++) {
        const tail = syllables.slice(start, start + PINYIN_FULL_MAX).filter(Boolean);
        const joined = tail.join('').slice(0, PINYIN_FULL_MAX);
        for (let length = 1; length <= joined.length; length++) full.add(joined.slice(0, length));
        const letters = tail.map((s) => s[0]).join('').slice(0, PINYIN_INITIALS_MAX);
        for (let length = 1; length <= letters.length; length++) initials.add(letters.slice(0, length));
      }
    }
  }
  return { full: [...full].join(' '), initials: [...initials].join(' '), runs: [...runs] };
}

/**
 * Pinyin of the Chinese words of short texts, from word starts only: every prefix of the initials and
 * of the full pinyin from the start of a word of two or more characters, across the words of two or
 * more characters that follow it. `kd` is here for 宽带 and `xhzw` for 携号转网; not for 卡丢了 (three
 * one-character words), whose `kd` only py_init holds: a match there is incidental.
 */
export function pinyinWordTokens(texts: string[]): string {
  const tokens = new Set<string>();
  for (const text of texts) for (const token of wordTokensOf(text)) tokens.add(token);
  return [...tokens].join(' ');
}

// Keywords and synonyms repeat across thousands of articles: each text is segmented once.
const wordTokensOf = boundedMemo((text) => {
  const tokens = new Set<string>();
  for (const part of segment(text)) {
    if (part.kind !== 'cjk') continue;
    const syllables = syllablesOf(part.text);
    const words = chineseWords(part.text).map((word) => [...word].length);
    const starts: number[] = [];
    words.reduce((at, length) => (starts.push(at), at + length), 0);
    words.forEach((length, index) => {
      if (length < 2) return;
      let end = starts[index]! + length;
      for (let next = index + 1; next < words.length && words[next]! >= 2; next++) end = starts[next]! + words[next]!;
      const span = syllables.slice(starts[index], end).filter(Boolean);
      const full = span.join('').slice(0, PINYIN_FULL_MAX);
      const initials = span.map((s) => s[0]).join('').slice(0, PINYIN_INITIALS_MAX);
      for (let n = 1; n <= full.length; n++) tokens.add(full.slice(0, n));
      for (let n = 1; n <= initials.length; n++) tokens.add(initials.slice(0, n));
    });
  }
  return [...tokens];
}, 20_000);

export const isCjk = (char: string) => CJK.test(char);

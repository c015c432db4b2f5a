import { pinyin } from 'pinyin-pro';

// Chinese has no spaces between words, and FTS5's built-in tokenizers either keep a whole run of
// Han characters as one token (unicode61) or drop 1-2 character terms (trigram). So text is
// pre-tokenised here into space-separated tokens that unicode61 keeps whole, and queries are cut
// the same way. Every index column and every query term comes from these functions, which keeps
// the two sides consistent by construction.

/** Han plus the other scripts written without spaces; they are indexed as bigrams + single characters. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** Letters, digits and combining marks of every other script form words. */
const WORD = /[\p{L}\p{N}\p{M}]/u;

export type Segment = { kind: 'cjk'; text: string } | { kind: 'word'; text: string };

/** Splits text into runs of CJK characters and lower-cased words; everything else separates. */
export function segment(text: string): Segment[] {
  const segments: Segment[] = [];
  let kind: Segment['kind'] | null = null;
  let current = '';
  const flush = () => {
    if (kind && current) segments.push({ kind, text: kind === 'word' ? current.toLowerCase() : current });
    kind = null;
    current = '';
  };
  for (const char of text) {
    const next: Segment['kind'] | null = CJK.test(char) ? 'cjk' : WORD.test(char) ? 'word' : null;
    if (next !== kind) flush();
    if (next) {
      kind = next;
      current += char;
    }
  }
  flush();
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

/** Longest pinyin suffix indexed per run: enough for any query an agent types as pinyin. */
const PINYIN_SUFFIX_SYLLABLES = 12;

export interface PinyinColumns {
  full: string;
  initials: string;
}

/**
 * Pinyin of the Han runs of short texts (titles, keywords): every suffix of the run's syllables
 * joined, so a prefix query finds any substring — `kd*` matches 宽带 inside 家庭宽带.
 */
export function pinyinColumns(texts: string[]): PinyinColumns {
  const full = new Set<string>();
  const initials = new Set<string>();
  for (const text of texts) {
    for (const part of segment(text)) {
      if (part.kind !== 'cjk') continue;
      const syllables = pinyin(part.text, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase().replace(/[^a-z]/g, ''));
      for (let start = 0; start < syllables.length; start++) {
        const tail = syllables.slice(start, start + PINYIN_SUFFIX_SYLLABLES).filter(Boolean);
        if (tail.length === 0) continue;
        full.add(tail.join(''));
        initials.add(tail.map((s) => s[0]).join(''));
      }
    }
  }
  return { full: [...full].join(' '), initials: [...initials].join(' ') };
}

/** Pinyin syllables of each character of a text (non-Han characters map to ''). */
export function syllablesOf(text: string): string[] {
  return [...text].map((char) => (CJK.test(char) ? pinyin(char, { toneType: 'none', v: true }).toLowerCase().replace(/[^a-z]/g, '') : ''));
}

export const isCjk = (char: string) => CJK.test(char);

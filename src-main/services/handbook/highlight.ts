import type { QueryTerm } from './query-builder.js';
import type { PinyinRun } from './tokenizer.js';

// Snippets and highlighted titles are built here from plain text: the text is HTML-escaped and the
// only markup added is <mark>, so the renderer can show them without another sanitising pass.

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const isWordChar = (char: string | undefined) => !!char && WORD_CHAR.test(char) && !CJK_CHAR.test(char);

export interface Needle {
  text: string;
  /** Words match at a word start only, like the index; CJK text matches anywhere. */
  wordStart: boolean;
  /** Han text a pinyin term stands for (found through the title and keywords, not typed). */
  fromPinyin?: boolean;
}

/** What to mark for a query: its CJK runs and words, plus the Han text a pinyin term stands for. */
export function needlesFor(terms: QueryTerm[], pinyinRuns: PinyinRun[]): Needle[] {
  const needles: Needle[] = [];
  for (const term of terms) {
    if (term.kind === 'cjk') needles.push({ text: term.text, wordStart: false });
    else {
      needles.push({ text: term.text, wordStart: true });
      if (/^[a-z]+$/.test(term.text)) for (const han of hanForPinyin(term.text, pinyinRuns)) needles.push({ text: han, wordStart: false, fromPinyin: true });
    }
  }
  return needles;
}

/** The Han substrings of the runs whose pinyin (full or initials) starts with `typed`. */
export function hanForPinyin(typed: string, runs: PinyinRun[]): string[] {
  const found = new Set<string>();
  for (const [text, syllables] of runs) {
    const chars = [...text];
    for (let start = 0; start < chars.length; start++) {
      if (syllables[start]?.[0] !== typed[0]) continue;
      // initials: one letter per character
      if (typed.length <= chars.length - start && syllables.slice(start, start + typed.length).every((s, i) => s[0] === typed[i])) {
        found.add(chars.slice(start, start + typed.length).join(''));
      }
      // full pinyin: syllables until the typed text is covered
      let joined = '';
      for (let end = start; end < chars.length && joined.length < typed.length; end++) {
        joined += syllables[end];
        if (!typed.startsWith(joined.slice(0, typed.length))) break;
        if (joined.length >= typed.length) found.add(chars.slice(start, end + 1).join(''));
      }
    }
  }
  return [...found];
}

interface Span {
  start: number;
  end: number;
}

function findSpans(text: string, needles: Needle[]): Span[] {
  const lower = text.toLowerCase();
  const spans: Span[] = [];
  for (const needle of needles) {
    const target = needle.text.toLowerCase();
    if (!target) continue;
    for (let at = lower.indexOf(target); at >= 0; at = lower.indexOf(target, at + 1)) {
      if (needle.wordStart && isWordChar(text[at - 1])) continue;
      spans.push({ start: at, end: at + target.length });
    }
  }
  // Longest first at each start, then merge overlaps, so 宽带 and 宽 never nest.
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[char]};`);

function markRange(text: string, spans: Span[], from: number, to: number): string {
  let html = '';
  let at = from;
  for (const span of spans) {
    if (span.end <= from || span.start >= to) continue;
    const start = Math.max(span.start, from);
    const end = Math.min(span.end, to);
    html += escapeHtml(text.slice(at, start)) + `<mark>${escapeHtml(text.slice(start, end))}</mark>`;
    at = end;
  }
  return html + escapeHtml(text.slice(at, to));
}

/** The whole text, escaped, with every needle marked (for titles). */
export function highlightAll(text: string, needles: Needle[]): string {
  return markRange(text, findSpans(text, needles), 0, text.length);
}

const patterns = new Map<string, RegExp>();

/** A case-insensitive pattern per typed word, compiled once (snippets of 20 results reuse it). */
function wordPattern(word: string): RegExp {
  let pattern = patterns.get(word);
  if (!pattern) {
    if (patterns.size > 500) patterns.clear();
    pattern = new RegExp(word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu');
    patterns.set(word, pattern);
  }
  return pattern;
}

/** Where the first needle occurs in `text` (case-insensitively for words), or -1. */
export function firstMatch(text: string, needles: Needle[]): number {
  let best = -1;
  for (const needle of needles) {
    if (!needle.text) continue;
    if (!needle.wordStart) {
      const at = text.indexOf(needle.text);
      if (at >= 0 && (best < 0 || at < best)) best = at;
      continue;
    }
    const pattern = wordPattern(needle.text);
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match && (best < 0 || match.index < best); match = pattern.exec(text)) {
      if (isWordChar(text[match.index - 1])) continue;
      best = match.index;
      break;
    }
  }
  return best;
}

/** A window of about `width` characters around the first match, escaped, with matches marked. */
export function snippet(text: string, needles: Needle[], width = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const first = firstMatch(flat, needles);
  let from = first > 0 ? Math.max(0, first - Math.floor(width / 4)) : 0;
  // Start after a clause boundary when one is near, so the snippet reads naturally.
  if (first > 0 && from > 0) {
    const lead = flat.slice(from, first);
    const boundary = Math.max(...[...'。！？；，,.;!?'].map((mark) => lead.lastIndexOf(mark)));
    if (boundary >= 0) from += boundary + 1;
  }
  const to = Math.min(flat.length, from + width);
  // Only the window is scanned for marks. One character of context on the left keeps the
  // word-start rule right at the window's edge.
  const context = from > 0 ? 1 : 0;
  const window = flat.slice(from - context, to);
  const spans = findSpans(window, needles).filter((span) => span.start >= context);
  return `${from > 0 ? '…' : ''}${markRange(window, spans, context, window.length).trimStart()}${to < flat.length ? '…' : ''}`;
}

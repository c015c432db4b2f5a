import type { Db } from '../store/open-store.js';
import { pinyinColumns, segment, type PinyinRun } from './tokenizer.js';

// "Did you mean": when a query finds nothing, the titles, keywords and synonyms closest to it, by
// the characters typed (宽代 → 宽带: one character off) and by their sound (kuandia, 宽代 and
// kuangdai all sound like kuandai), measured as edit distance. Every suggestion is a title,
// keyword or synonym, so it finds at least its own article.

interface Candidate {
  text: string;
  /** Lower-cased, Han as written: compared with what was typed. */
  plain: string;
  /** Han as full pinyin, other letters as typed: compared with the sound of what was typed. */
  sound: string;
  initials: string;
}

interface Candidates {
  /** max(rowid) and count of the articles when read: any change renews a rowid (handbook-store.ts). */
  key: string;
  list: Candidate[];
}

const cache = new WeakMap<Db, Candidates>();
const MAX_SUGGESTIONS = 5;

function candidates(db: Db): Candidate[] {
  const key = JSON.stringify(db.prepare(`SELECT max(rowid), count(*) FROM handbook_articles WHERE status = 'published'`).raw().get());
  const cached = cache.get(db);
  if (cached?.key === key) return cached.list;
  const rows = db.prepare(`SELECT title, keywords, synonyms, head_pinyin FROM handbook_articles WHERE status = 'published'`).all() as {
    title: string;
    keywords: string;
    synonyms: string;
    head_pinyin: string;
  }[];
  const byText = new Map<string, Candidate>();
  for (const row of rows) {
    const runs = new Map(JSON.parse(row.head_pinyin) as PinyinRun[]);
    for (const text of [row.title, ...(JSON.parse(row.keywords) as string[]), ...(JSON.parse(row.synonyms) as string[])]) {
      if (!byText.has(text)) byText.set(text, candidate(text, (run) => runs.get(run)));
    }
  }
  const list = [...byText.values()];
  cache.set(db, { key, list });
  return list;
}

function candidate(text: string, syllablesOf: (run: string) => string[] | undefined): Candidate {
  const sound: string[] = [];
  const initials: string[] = [];
  for (const part of segment(text)) {
    const syllables = part.kind === 'cjk' ? (syllablesOf(part.text) ?? pinyinColumns([part.text]).runs[0]?.[1] ?? []) : [part.text];
    sound.push(syllables.join(''));
    initials.push(part.kind === 'cjk' ? syllables.map((s) => s[0] ?? '').join('') : part.text);
  }
  return { text, plain: segment(text).map((part) => part.text).join(''), sound: sound.join(''), initials: initials.join('') };
}

/** Up to five titles, keywords or synonyms close to a query that found nothing, closest first. */
export function suggestQueries(db: Db, query: string): string[] {
  const typed = candidate(query.slice(0, 100), () => undefined);
  if (!typed.plain) return [];
  const latinOnly = /^[a-z0-9]+$/.test(typed.plain);
  const charLimit = Math.max(1, Math.floor([...typed.plain].length / 3));
  const soundLimit = Math.max(1, Math.floor(typed.sound.length / 4));
  const scored: { text: string; score: number }[] = [];
  for (const item of candidates(db)) {
    let score = Infinity;
    // By characters (a typo, a character left out or added).
    if (Math.abs([...item.plain].length - [...typed.plain].length) <= charLimit) {
      const distance = editDistance([...typed.plain], [...item.plain], charLimit);
      if (distance <= charLimit) score = distance;
    }
    // By sound: pinyin typed (or the pinyin of the characters typed) against the candidate's.
    if (Math.abs(item.sound.length - typed.sound.length) <= soundLimit) {
      const distance = editDistance([...typed.sound], [...item.sound], soundLimit);
      if (distance <= soundLimit) score = Math.min(score, distance / 2);
    }
    if (latinOnly && typed.plain.length >= 2 && item.initials === typed.plain) score = Math.min(score, 0.25);
    if (score < Infinity && item.plain !== typed.plain) scored.push({ text: item.text, score: score + item.text.length / 1000 });
  }
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, MAX_SUGGESTIONS)
    .map((item) => item.text);
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed limit. */
function editDistance(a: string[], b: string[], limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, current[j]!);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

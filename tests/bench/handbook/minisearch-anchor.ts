import { readFileSync, writeFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { cjkColumns, segment } from '../../../src-main/services/handbook/tokenizer.js';

// The in-memory anchor: MiniSearch over the same articles, with a CJK tokenizer (bigrams + single
// characters, like the SQLite index) and pinyin fields. Runs in its own process with a large heap:
// an inverted index of 50,000 Chinese articles in JS objects needs several GB.

interface Input {
  articles: { id: string; title: string; keywords: string; body: string; pyFull: string; pyInit: string }[];
  queries: Record<string, string[]>;
  recall: Record<string, string[]>;
}

const [inputFile, outputFile] = process.argv.slice(2);
const input = JSON.parse(readFileSync(inputFile!, 'utf8')) as Input;

const tokenizeText = (text: string, field?: string): string[] => {
  if (field === 'pyFull' || field === 'pyInit') return text.split(' ').filter(Boolean);
  const columns = cjkColumns(text);
  return [...columns.terms.split(' '), ...columns.chars.split(' ')].filter(Boolean);
};

/** Query terms: a 1-character run is itself, a longer run its bigrams (all required), words by prefix. */
const tokenizeQuery = (query: string): string[] =>
  segment(query).flatMap((part) => {
    if (part.kind === 'word') return [part.text];
    const chars = [...part.text];
    return chars.length === 1 ? chars : chars.slice(0, -1).map((char, i) => char + chars[i + 1]!);
  });

const started = performance.now();
const heapBefore = process.memoryUsage().heapUsed;
const mini = new MiniSearch({
  fields: ['title', 'keywords', 'body', 'pyFull', 'pyInit'],
  storeFields: [],
  tokenize: tokenizeText,
  processTerm: (term) => term.toLowerCase(),
  searchOptions: {
    combineWith: 'AND',
    tokenize: tokenizeQuery,
    prefix: (term) => /^[a-z0-9]/.test(term),
    boost: { title: 10, keywords: 10, pyFull: 6, pyInit: 6 },
  },
});
mini.addAll(input.articles);
const buildMs = performance.now() - started;
global.gc?.();
const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;

const latencies: Record<string, number[]> = {};
for (const [kind, queries] of Object.entries(input.queries)) {
  for (const query of queries.slice(0, 20)) mini.search(query); // warm-up
  latencies[kind] = queries.map((query) => {
    const t = performance.now();
    mini.search(query).slice(0, 20);
    return performance.now() - t;
  });
}
const matches: Record<string, string[][]> = {};
for (const [kind, queries] of Object.entries(input.recall)) matches[kind] = queries.map((query) => mini.search(query).map((hit) => String(hit.id)));
writeFileSync(outputFile!, JSON.stringify({ buildMs, heapMB, latencies, matches, articles: input.articles.length }));

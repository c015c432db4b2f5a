import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { saveArticle } from '../../src-main/services/handbook/handbook-store.js';
import { markdownToPlainText } from '../../src-main/services/handbook/plain-text.js';
import { optimiseIndex } from '../../src-main/services/handbook/search-index.js';
import { allMatchingIds, rankedRowids, searchHandbook, warmUpSearch } from '../../src-main/services/handbook/search.js';
import { pinyinColumns } from '../../src-main/services/handbook/tokenizer.js';
import { openStore } from '../../src-main/services/store/open-store.js';
import { REPO_ROOT } from '../support/processes.js';
import { measureKeystrokeToPaint } from './handbook/browser.js';
import { seededRandom } from '../support/seeded-random.js';
import { buildCorpus, convertPackages, debianChineseBlocks, ensureTextPackages } from './handbook/corpus.js';
import { Fts5Anchor, type AnchorName } from './handbook/fts5-anchors.js';
import { visibleArticleText } from './handbook/visible-text.js';
import { headPinyin, isLatinQuery, KIND_LABELS, makeQueries, pinyinMatches, QUERY_KINDS, substringMatches, type QueryKind } from './handbook/queries.js';

// `npm run bench -- handbook [--articles N] [--queries Q] [--recall-queries R] [--no-browser] [--no-anchors] [--minisearch [--minisearch-articles M]]`

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const ms = (value: number) => (Number.isNaN(value) ? '   n/a' : value.toFixed(value < 10 ? 3 : 1).padStart(7));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      articles: { type: 'string', default: '50000' },
      queries: { type: 'string', default: '300' },
      'recall-queries': { type: 'string', default: '60' },
      'minisearch-articles': { type: 'string', default: '10000' },
      'no-browser': { type: 'boolean', default: false },
      minisearch: { type: 'boolean', default: false },
      'no-anchors': { type: 'boolean', default: false },
    },
  });
  const count = Number(values.articles);
  const perKind = Number(values.queries);
  const recallPerKind = Number(values['recall-queries']);

  ensureTextPackages();
  const converted = convertPackages();
  const paragraphs = debianChineseBlocks(converted);
  const corpus = buildCorpus(count, paragraphs);
  const rawBytes = corpus.reduce((sum, a) => sum + Buffer.byteLength(a.title + a.keywords.join('') + a.synonyms.join('') + a.body), 0);
  const uniqueText = paragraphs.reduce((sum, p) => sum + Buffer.byteLength(p), 0);
  console.log(
    `corpus: ${corpus.length} articles (seeds + the ${converted.length} files of debian-reference-zh-cn + manpages-zh converted to Markdown: ${paragraphs.length} blocks with Chinese, ${mb(uniqueText)} of distinct text, replicated ×${(rawBytes / uniqueText).toFixed(0)}), raw text ${mb(rawBytes)}`,
  );

  // ---- index build
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-handbook-'));
  const file = path.join(dir, 'bench.db');
  const db = openStore(file);
  const started = performance.now();
  for (let i = 0; i < corpus.length; i += 2000) {
    db.transaction(() => {
      for (const article of corpus.slice(i, i + 2000)) saveArticle(db, article);
    }).immediate();
  }
  const insertMs = performance.now() - started;
  const optimiseStarted = performance.now();
  optimiseIndex(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const buildMs = performance.now() - started;
  const optimiseMs = performance.now() - optimiseStarted;
  db.exec('VACUUM');
  const dbBytes = statSync(file).size;
  let ftsBytes: number | undefined;
  try {
    ftsBytes = (db.prepare(`SELECT sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'handbook_fts%' OR name LIKE 'handbook_head_fts%'`).get() as { bytes: number }).bytes;
  } catch {
    ftsBytes = undefined;
  }
  console.log(
    `index build: ${(buildMs / 1000).toFixed(1)} s (${(insertMs / 1000).toFixed(1)} s insert+tokenise, ${(optimiseMs / 1000).toFixed(1)} s optimize), ${((corpus.length / buildMs) * 1000).toFixed(0)} articles/s`,
  );
  console.log(
    `database: ${mb(dbBytes)} = ${(dbBytes / rawBytes).toFixed(2)}× raw text${ftsBytes ? ` (full-text indexes ${mb(ftsBytes)} = ${(ftsBytes / rawBytes).toFixed(2)}×, articles themselves the rest)` : ''} [target ≤ 4×]`,
  );

  // ---- latency
  const queries = makeQueries(corpus, perKind);
  warmUpSearch(db);
  const latencies = {} as Record<QueryKind, number[]>;
  // CPU time of this process per query, next to wall time: on a shared 2-core machine the wall
  // time includes waiting for a core, which says more about the neighbours than about the engine.
  const cpuTimes = {} as Record<QueryKind, number[]>;
  const idTimes = {} as Record<QueryKind, number[]>;
  for (const kind of QUERY_KINDS) {
    for (const query of queries[kind].slice(0, 20)) searchHandbook(db, query, { limit: 20 });
    cpuTimes[kind] = [];
    latencies[kind] = queries[kind].map((query) => {
      const cpu = process.cpuUsage();
      const t = performance.now();
      searchHandbook(db, query, { limit: 20 });
      const wall = performance.now() - t;
      const used = process.cpuUsage(cpu);
      cpuTimes[kind].push((used.user + used.system) / 1000);
      return wall;
    });
    // The same queries, the index work only (ranked rowids, no rows, snippets or titles): what the
    // anchors, which return ids, are compared with like for like.
    idTimes[kind] = queries[kind].map((query) => {
      const t = performance.now();
      rankedRowids(db, query, { limit: 20 });
      return performance.now() - t;
    });
  }

  // ---- recall against a scan of the text
  // The truth is what a reader sees (visible-text.ts, written apart from the product's text code).
  const lowered = corpus.map((article) => visibleArticleText(article).toLowerCase());
  const heads = corpus.map(headPinyin);
  const recallQueries = Object.fromEntries(QUERY_KINDS.map((kind) => [kind, queries[kind].slice(0, recallPerKind)])) as Record<QueryKind, string[]>;
  const truths = {} as Record<QueryKind, Set<string>[]>;
  const recall = {} as Record<QueryKind, RecallStats>;
  for (const kind of QUERY_KINDS) {
    truths[kind] = recallQueries[kind].map(
      (query) => new Set(corpus.filter((_, i) => (isLatinQuery(query) ? pinyinMatches(heads[i]!, lowered[i]!, query) : substringMatches(lowered[i]!, query))).map((a) => a.id)),
    );
    const stats: RecallStats = { found: 0, expected: 0, extra: 0, returned: 0, perfect: 0 };
    recallQueries[kind].forEach((query, q) => {
      const truth = truths[kind][q]!;
      const got = new Set(allMatchingIds(db, query));
      const found = [...truth].filter((id) => got.has(id)).length;
      stats.found += found;
      stats.expected += truth.size;
      stats.extra += [...got].filter((id) => !truth.has(id)).length;
      stats.returned += got.size;
      if (found === truth.size) stats.perfect++;
    });
    recall[kind] = stats;
  }

  // ---- the anchors: FTS5 bigram and trigram indexes over the raw text, in the same run
  const anchors = values['no-anchors'] ? [] : (['bigram', 'trigram'] as AnchorName[]).map((name) => runAnchor(name, corpus, queries, recallQueries, truths));

  // ---- single-article update
  const rand = seededRandom(99);
  const updates: number[] = [];
  for (let i = 0; i < 60; i++) {
    const article = corpus[Math.floor(rand() * corpus.length)]!;
    const changed = { ...article, body: `${article.body}\n\n补充说明 ${i}：宽带故障报修后请回访客户。`, version: article.version + 1 };
    const t = performance.now();
    db.transaction(() => saveArticle(db, changed)).immediate();
    updates.push(performance.now() - t);
    corpus[corpus.indexOf(article)] = changed;
  }
  db.close();

  // ---- MiniSearch anchor (optional), in its own process with a large heap
  let mini: { buildMs: number; heapMB: number; latencies: Record<string, number[]>; matches: Record<string, string[][]>; articles: number } | undefined;
  if (values.minisearch) {
    // An inverted index of Chinese bigrams in JS objects needs GBs at 50,000 articles and takes
    // minutes to build; the anchor runs on the first M articles (--minisearch-articles).
    let miniCount = Math.min(count, Number(values['minisearch-articles']));
    while (!mini && miniCount >= 1000) {
      mini = runMiniSearch(corpus.slice(0, miniCount), queries, recallQueries);
      if (!mini) {
        console.log(`MiniSearch could not index ${miniCount} articles in this machine's memory; retrying with ${Math.floor(miniCount / 2)}`);
        miniCount = Math.floor(miniCount / 2);
      }
    }
  }

  // ---- report
  const load = os.loadavg().map((value) => value.toFixed(1)).join(' ');
  console.log(
    `\nlatency per query in ms, limit 20 (${perKind} queries per kind; engine: snippets included, wall time and CPU time of this process; anchors: FTS5 over the raw text, ids only; load average ${load} on ${os.cpus().length} cores) — target engine p95 ≤ 2 ms and ≥ 10× faster than the best anchor`,
  );
  const anchorHead = anchors.map((anchor) => `| ${`FTS5 ${anchor.name}`.padEnd(12)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} `).join('');
  console.log(
    `${'kind'.padEnd(18)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'cpu p50'.padStart(7)} ${'cpu p95'.padStart(7)} ${anchorHead}| best anchor p95 / engine p95 | ids only p50 / p95, best anchor ÷ ids`,
  );
  for (const kind of QUERY_KINDS) {
    const engine = latencies[kind];
    const anchorCells = anchors
      .map((anchor) => {
        const times = anchor.latencies[kind] ?? [];
        return `| ${''.padEnd(12)} ${ms(percentile(times, 50))} ${ms(percentile(times, 95))} ${ms(percentile(times, 99))} `;
      })
      .join('');
    const best = Math.min(...anchors.map((anchor) => percentile(anchor.latencies[kind] ?? [], 95)).filter((value) => !Number.isNaN(value)));
    const ratio = best / percentile(engine, 95);
    const idRatio = best / percentile(idTimes[kind], 95);
    console.log(
      `${KIND_LABELS[kind].padEnd(18)} ${ms(percentile(engine, 50))} ${ms(percentile(engine, 95))} ${ms(percentile(engine, 99))} ${ms(percentile(cpuTimes[kind], 50))} ${ms(percentile(cpuTimes[kind], 95))} ${anchorCells}| ${Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : 'n/a (no pinyin in raw text)'} | ${ms(percentile(idTimes[kind], 50))} ${ms(percentile(idTimes[kind], 95))} ${Number.isFinite(idRatio) ? `${idRatio.toFixed(1)}×` : 'n/a'}`,
    );
  }
  for (const anchor of anchors) {
    console.log(`FTS5 ${anchor.name} anchor: built in ${(anchor.buildMs / 1000).toFixed(1)} s, ${mb(anchor.bytes)} = ${(anchor.bytes / rawBytes).toFixed(2)}× raw text (FTS5 keeps a copy of the text)`);
  }
  if (mini) console.log(`MiniSearch: ${mini.articles} articles indexed in ${(mini.buildMs / 1000).toFixed(1)} s, ${mini.heapMB.toFixed(0)} MB of JS heap (the SQLite store is ${mb(dbBytes)} on disk for ${count})`);

  console.log(`\nrecall and precision against what a reader sees (visible-text.ts over the raw Markdown; ${recallPerKind} queries per kind, all matches, no limit) — target recall 100 %, precision ≥ 99 %`);
  for (const kind of QUERY_KINDS) {
    const anchorCells = anchors.map((anchor) => `| FTS5 ${anchor.name} ${kind === 'pinyin' ? 'n/a' : formatRecall(anchor.recall[kind]!)} `).join('');
    console.log(`${KIND_LABELS[kind].padEnd(18)} ${formatRecall(recall[kind])} (${recall[kind].perfect}/${recallQueries[kind].length} queries complete) ${anchorCells}`);
  }
  console.log(
    `\nsingle-article update (version kept, re-indexed, committed): p50 ${ms(percentile(updates, 50))} ms, p95 ${ms(percentile(updates, 95))} ms, max ${ms(Math.max(...updates))} ms — target ≤ 20 ms`,
  );

  // ---- browser: keystroke → results painted
  if (!values['no-browser']) {
    const typed = [...queries.cjk2.slice(0, 8), ...queries.cjk4.slice(0, 6), ...queries.pinyin.slice(0, 6), ...queries.english.slice(0, 4), '宽带故障', 'kd', '5G套餐', 'xhzw'];
    const paints = await measureKeystrokeToPaint(file, typed);
    console.log(
      `keystroke → results painted in Chromium (${paints.length} keystrokes, ${typed.length} queries typed into the real UI): p50 ${ms(percentile(paints, 50))} ms, p95 ${ms(percentile(paints, 95))} ms, p99 ${ms(percentile(paints, 99))} ms — target ≤ 50 ms`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

function runMiniSearch(
  articles: ReturnType<typeof buildCorpus>,
  queries: Record<QueryKind, string[]>,
  recall: Record<QueryKind, string[]>,
): { buildMs: number; heapMB: number; latencies: Record<string, number[]>; matches: Record<string, string[][]>; articles: number } | undefined {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-minisearch-'));
  const input = path.join(dir, 'input.json');
  const output = path.join(dir, 'output.json');
  writeFileSync(
    input,
    JSON.stringify({
      articles: articles.map((article) => {
        const pinyin = pinyinColumns([article.title, ...article.keywords, ...article.synonyms]);
        return {
          id: article.id,
          title: article.title,
          keywords: [...article.keywords, ...article.synonyms].join(' '),
          body: markdownToPlainText(article.body),
          pyFull: pinyin.full,
          pyInit: pinyin.initials,
        };
      }),
      queries,
      recall,
    }),
  );
  const child = spawnSync(
    process.execPath,
    ['--max-old-space-size=14000', '--expose-gc', '--import', 'tsx', path.join(REPO_ROOT, 'tests/bench/handbook/minisearch-anchor.ts'), input, output],
    { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  try {
    return child.status === 0 ? JSON.parse(readFileSync(output, 'utf8')) : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface RecallStats {
  found: number;
  expected: number;
  extra: number;
  returned: number;
  perfect: number;
}

const percent = (part: number, whole: number) => (whole ? ((part / whole) * 100).toFixed(2) : '100.00');
const formatRecall = (stats: RecallStats) =>
  `recall ${percent(stats.found, stats.expected)} % (${stats.found}/${stats.expected}), precision ${percent(stats.returned - stats.extra, stats.returned)} % (${stats.extra} extra)`;

/** One anchor over the raw text of the same corpus: built, timed on the same queries, and scored against the same truth. */
function runAnchor(
  name: AnchorName,
  corpus: ReturnType<typeof buildCorpus>,
  queries: Record<QueryKind, string[]>,
  recallQueries: Record<QueryKind, string[]>,
  truths: Record<QueryKind, Set<string>[]>,
): { name: AnchorName; buildMs: number; bytes: number; latencies: Partial<Record<QueryKind, number[]>>; recall: Partial<Record<QueryKind, RecallStats>> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `hotline-bench-fts5-${name}-`));
  const anchor = new Fts5Anchor(name, path.join(dir, 'anchor.db'));
  try {
    const buildMs = anchor.build(corpus.map((article) => ({ id: article.id, raw: [article.title, article.keywords.join(' '), article.synonyms.join(' '), article.body].join('\n') })));
    const bytes = anchor.bytes();
    const latencies: Partial<Record<QueryKind, number[]>> = {};
    const recall: Partial<Record<QueryKind, RecallStats>> = {};
    // Pinyin is not in the raw text: the anchors cannot answer it.
    for (const kind of QUERY_KINDS.filter((k) => k !== 'pinyin')) {
      for (const query of queries[kind].slice(0, 20)) anchor.search(query, 20);
      latencies[kind] = queries[kind].map((query) => {
        const t = performance.now();
        anchor.search(query, 20);
        return performance.now() - t;
      });
      const stats: RecallStats = { found: 0, expected: 0, extra: 0, returned: 0, perfect: 0 };
      recallQueries[kind].forEach((query, q) => {
        const truth = truths[kind][q]!;
        const got = new Set(anchor.allMatching(query));
        const found = [...truth].filter((id) => got.has(id)).length;
        stats.found += found;
        stats.expected += truth.size;
        stats.returned += got.size;
        stats.extra += [...got].filter((id) => !truth.has(id)).length;
        if (found === truth.size) stats.perfect++;
      });
      recall[kind] = stats;
    }
    return { name, buildMs, bytes, latencies, recall };
  } finally {
    anchor.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importHandbookFolder } from '../../../src-main/services/handbook/import-export.js';
import { suggestQueries } from '../../../src-main/services/handbook/suggestions.js';
import { REPO_ROOT } from '../../support/processes.js';
import { saveArticle, deleteArticle, previousVersion } from '../../../src-main/services/handbook/handbook-store.js';
import { searchableText } from '../../../src-main/services/handbook/plain-text.js';
import { allMatchingIds, searchHandbook } from '../../../src-main/services/handbook/search.js';
import { SEARCH_LIMIT_MAX } from '../../../src-shared/ipc/handbook.js';
import { seededRandom } from '../../support/seeded-random.js';
import { substringMatches } from '../../bench/handbook/queries.js';
import { article, memoryStore, saveAll } from './store-helpers.js';

const CHARS = '宽带故障报修光猫网速慢携号转网停机保号话费查询发票实名制投诉处理国际漫游套餐流量的了是在有和';
const WORDS = ['FTTH', 'ONU', '5G', 'WiFi', 'router', 'routing', 'LOS', 'PON', 'VoLTE', 'IPTV'];

function generatedCorpus(count: number) {
  const rand = seededRandom(3);
  const text = (length: number) =>
    Array.from({ length }, () => {
      const r = rand();
      if (r < 0.06) return ` ${WORDS[Math.floor(rand() * WORDS.length)]} `;
      if (r < 0.1) return '，';
      return CHARS[Math.floor(rand() * CHARS.length)];
    }).join('');
  return Array.from({ length: count }, (_, i) =>
    article({ id: `gen-${i}`, title: text(8), keywords: [text(3)], synonyms: [text(2)], body: `${text(120)}\n\n${text(80)}`, updated: `2026-0${1 + (i % 9)}-01` }),
  );
}

describe('search recall equals a substring scan', () => {
  const corpus = generatedCorpus(400);
  const db = memoryStore();
  saveAll(db, corpus);
  const texts = corpus.map((item) => searchableText(item).toLowerCase());
  const truth = (query: string) => corpus.filter((_, i) => substringMatches(texts[i]!, query)).map((item) => item.id).sort();
  const rand = seededRandom(11);
  const sample = (length: number) => {
    for (;;) {
      const runs = texts[Math.floor(rand() * texts.length)]!.match(/\p{Script=Han}+/gu)!.filter((run) => run.length >= length);
      if (runs.length === 0) continue;
      const run = runs[Math.floor(rand() * runs.length)]!;
      const start = Math.floor(rand() * (run.length - length + 1));
      return run.slice(start, start + length);
    }
  };

  for (let length = 1; length <= 8; length++) {
    it(`finds every article containing a ${length}-character Chinese query`, () => {
      for (let i = 0; i < 25; i++) {
        const query = sample(length);
        const expected = truth(query);
        expect(expected.length).toBeGreaterThan(0);
        const found = new Set(allMatchingIds(db, query));
        expect(expected.filter((id) => !found.has(id)), query).toEqual([]);
      }
    });
  }

  it('finds every article for mixed Chinese/Latin/digit queries, all terms required', () => {
    for (const query of ['5G套餐', 'FTTH 光猫', 'ONU宽带', 'router 网速', 'PON 故障 报修', '5g 的']) {
      const expected = truth(query);
      const found = allMatchingIds(db, query);
      expect(expected.filter((id) => !found.includes(id)), query).toEqual([]);
      // all terms required: nothing found lacks a Chinese term
      for (const id of found) {
        const text = texts[corpus.findIndex((item) => item.id === id)]!;
        for (const han of query.match(/\p{Script=Han}+/gu) ?? []) expect(text.includes(han), `${query} in ${id}`).toBe(true);
      }
    }
  });

  it('finds every article for English words and word prefixes, case-insensitively', () => {
    for (const query of ['router', 'rout', 'ROUTING', 'volte', 'iptv', 'wifi', 'Ft']) {
      const expected = truth(query);
      expect(expected.length, query).toBeGreaterThan(0);
      const found = new Set(allMatchingIds(db, query));
      expect(expected.filter((id) => !found.has(id)), query).toEqual([]);
    }
  });

  it('returns nothing for text that is in no article', () => {
    expect(searchHandbook(db, '彩虹独角兽')).toEqual([]);
    expect(searchHandbook(db, 'zzzzqqq')).toEqual([]);
  });
});

describe('search of the handbook an agent uses', () => {
  const db = memoryStore();
  saveAll(db, [
    article({
      id: 'portability',
      title: '携号转网咨询与办理',
      category: '移动业务/携号转网',
      keywords: ['携号转网', '授权码'],
      body: '客户要求携号转网时，先核实身份，再查询是否满足条件。',
      updated: '2026-10-01',
    }),
    article({
      id: 'fault',
      title: '宽带故障报修受理',
      category: '宽带业务/故障报修',
      keywords: ['宽带', '光猫', 'FTTH'],
      synonyms: ['猫', 'ONU', '调制解调器'],
      body: '查看光猫指示灯：LOS 红灯闪烁通常是光纤中断。<b>不是</b> a < b & c',
      updated: '2026-10-12',
    }),
    article({ id: 'slow', title: '宽带网速慢处理', category: '宽带业务/故障报修', keywords: ['网速慢'], body: '先测速，再排查 WiFi。', updated: '2026-09-01' }),
    article({ id: 'fee', title: '话费查询', category: '移动业务/话费', body: '家庭宽带套餐的月租也在话费里。', updated: '2026-11-01' }),
  ]);
  const ids = (query: string, options = {}) => searchHandbook(db, query, options).map((hit) => hit.id);

  it('finds 携号转网 by full pinyin, initials and a partly typed pinyin', () => {
    expect(ids('xhzw')).toEqual(['portability']);
    expect(ids('xiehaozhuanwang')).toEqual(['portability']);
    expect(ids('xiehao')).toEqual(['portability']);
  });

  it('kd finds the broadband articles and marks 宽带 in their titles', () => {
    const hits = searchHandbook(db, 'kd');
    expect(hits.map((hit) => hit.id)).toEqual(expect.arrayContaining(['fault', 'slow']));
    expect(hits.find((hit) => hit.id === 'fault')!.titleHtml).toBe('<mark>宽带</mark>故障报修受理');
  });

  it('finds the fault article by each synonym of 光猫', () => {
    for (const synonym of ['光猫', '猫', 'ONU', 'onu', '调制解调器']) expect(ids(synonym), synonym).toContain('fault');
  });

  it('ranks a title match above an article that only mentions the term in its body', () => {
    const ranked = ids('宽带');
    expect(ranked.slice(0, 2).sort()).toEqual(['fault', 'slow']);
    expect(ranked[2]).toBe('fee');
  });

  it('highlights matched terms in an escaped snippet', () => {
    const [hit] = searchHandbook(db, 'LOS 红灯');
    expect(hit!.snippet).toContain('<mark>LOS</mark> <mark>红灯</mark>闪烁');
    const [escaped] = searchHandbook(db, '不是');
    expect(escaped!.snippet).toContain('<mark>不是</mark> a &lt; b &amp; c');
    expect(escaped!.snippet).not.toContain('<b>');
  });

  it('filters by category and its sub-categories', () => {
    expect(ids('宽带', { category: '移动业务' })).toEqual(['fee']);
    expect(ids('宽带', { category: '宽带业务/故障报修' })).toEqual(['fault', 'slow']);
    expect(ids('宽带', { category: '不存在' })).toEqual([]);
  });

  it('searches anything typed literally and never throws', () => {
    const hostile = [
      '"',
      '""',
      "'",
      '*',
      '宽带*',
      '-宽带',
      'NEAR(宽带 光猫)',
      'NEAR(',
      '宽带 AND 光猫',
      '宽带 OR 话费',
      'NOT 宽带',
      '(宽带',
      '[宽带]',
      '{title}: 宽带',
      'title:宽带',
      '\\',
      '\\"; DROP TABLE handbook_articles; --',
      '😀',
      '宽带😀光猫',
      '^宽带',
      '宽'.repeat(2000),
      'a'.repeat(2000),
      'x y z '.repeat(400),
      '\u0000\u0001',
      '',
      '   ',
    ];
    for (const query of hostile) expect(() => searchHandbook(db, query), query).not.toThrow();
    // Operators are words like any other: no article contains the word "and".
    expect(ids('宽带 AND 光猫')).toEqual([]);
    expect(ids('宽带 光猫')).toEqual(['fault']);
    expect(ids('"宽带"')).toEqual(ids('宽带'));
    expect(ids('NEAR(宽带 光猫)')).toEqual([]);
    expect(ids('宽带😀光猫')).toEqual(['fault']);
  });

  it('an updated article is found by its new text, not its old, and keeps its previous version', () => {
    saveArticle(db, article({ id: 'fee', title: '话费查询', category: '移动业务/话费', body: '月租与通话费明细。', version: 2, updated: '2026-11-20' }));
    expect(ids('月租')).toEqual(['fee']);
    expect(ids('家庭')).toEqual([]);
    expect(previousVersion(db, 'fee')).toMatchObject({ version: 1, html: expect.stringContaining('家庭宽带套餐') });
  });

  it('a deleted article is no longer found', () => {
    deleteArticle(db, 'slow');
    expect(ids('网速慢')).toEqual([]);
  });
});

describe('ranking when a term is everywhere', () => {
  // 150 articles mention 宽带 in the body, more than bm25 ranks (it would walk them all on every
  // keystroke); two have it in the title. Title matches still come first, by bm25; then the most
  // recently changed of the body matches.
  const db = memoryStore();
  saveAll(db, [
    article({ id: 'title-short', title: '宽带', body: '正文。' }),
    article({ id: 'title-long', title: '家庭宽带装机预约与上门时间说明', body: '正文。' }),
    ...Array.from({ length: 150 }, (_, i) => article({ id: `body-${i}`, title: `第 ${i} 篇`, body: `客户的宽带第 ${i} 次报障。` })),
  ]);

  it('puts the title matches first, the shorter title above the longer one', () => {
    expect(searchHandbook(db, '宽带').slice(0, 2).map((hit) => hit.id)).toEqual(['title-short', 'title-long']);
  });

  it('then lists the most recently changed body matches first', () => {
    saveAll(db, [article({ id: 'body-7', title: '第 7 篇', body: '客户的宽带第 7 次报障，已改过。', version: 2 })]);
    const ids = searchHandbook(db, '宽带', { limit: 5 }).map((hit) => hit.id);
    expect(ids).toEqual(['title-short', 'title-long', 'body-7', 'body-149', 'body-148']);
  });

  it('fills a page longer than the ranked ones: all 152 matches with a limit of 200', () => {
    const hits = searchHandbook(db, '宽带', { limit: 200 });
    expect(hits).toHaveLength(152);
    expect(new Set(hits.map((hit) => hit.id)).size).toBe(152);
  });

  it('honours a limit above 200 up to SEARCH_LIMIT_MAX: all 272 matches with a limit of 1000', () => {
    saveAll(db, Array.from({ length: 120 }, (_, i) => article({ id: `more-${i}`, title: `补充 ${i}`, body: `宽带补充 ${i}。` })));
    const hits = searchHandbook(db, '宽带', { limit: SEARCH_LIMIT_MAX });
    expect(hits).toHaveLength(272);
    expect(new Set(hits.map((hit) => hit.id)).size).toBe(272);
  });
});

describe('natural queries on the seed handbook: what the customer says, as the agent types it', () => {
  const db = memoryStore();
  importHandbookFolder(db, path.join(REPO_ROOT, 'seeds/handbook'));
  const top = (query: string, limit = 5) => searchHandbook(db, query, { limit });

  it.each([
    ['光猫红灯', 'onu-indicator-lights'],
    ['宽带慢', 'broadband-slow'],
    ['网速慢怎么办', 'broadband-slow'],
    ['kd断网', 'broadband-no-internet'],
  ])('%s finds %s in the top 5, marked as related (not found as typed)', (query, id) => {
    const hits = top(query);
    expect(hits.map((hit) => hit.id)).toContain(id);
    expect(hits.find((hit) => hit.id === id)!.match).toBe('related');
  });

  it('lists literal hits before related ones, and adds related ones only when the literal query found fewer than a handful', () => {
    const hits = top('宽带慢', 20);
    const firstRelated = hits.findIndex((hit) => hit.match === 'related');
    expect(hits.slice(firstRelated).every((hit) => hit.match === 'related')).toBe(true);
    // 宽带 alone finds many articles as typed: no related hits are mixed in.
    expect(top('宽带', 20).every((hit) => hit.match === 'literal')).toBe(true);
  });

  it('kd ranks every article with the word 宽带 in its title or keywords above 补换卡办理 (卡丢了: an incidental k-d)', () => {
    const hits = searchHandbook(db, 'kd', { limit: 50 }).map((hit) => hit.id);
    const simReplace = hits.indexOf('sim-replace');
    const broadband = hits.filter((id) => id.startsWith('broadband-'));
    expect(broadband.length).toBeGreaterThan(5);
    if (simReplace >= 0) expect(Math.max(...broadband.map((id) => hits.indexOf(id)))).toBeLessThan(simReplace);
    expect(hits[0]).toMatch(/^broadband-/);
  });

  it('offers "did you mean" for a query that finds nothing: by characters and by sound', () => {
    expect(top('宽代')).toEqual([]);
    expect(suggestQueries(db, '宽代')).toContain('宽带');
    expect(suggestQueries(db, 'xiehaozhuanwnag')).toContain('携号转网');
    expect(suggestQueries(db, '停机包号')).toContain('停机保号');
    expect(suggestQueries(db, 'qqqqzzzz')).toEqual([]);
    for (const suggestion of suggestQueries(db, '宽代')) expect(top(suggestion).length, suggestion).toBeGreaterThan(0);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveArticle } from '../../../src-main/services/handbook/handbook-store.js';
import { allMatchingIds, searchHandbook } from '../../../src-main/services/handbook/search.js';
import { openStore } from '../../../src-main/services/store/open-store.js';
import { article, memoryStore, saveAll } from './store-helpers.js';

// Typed words are expanded through an in-memory list of the indexed words; these tests make sure
// that list never lags behind what was indexed, so a new word is findable at once.

describe('typed words are expanded through the indexed vocabulary', () => {
  it('finds a word indexed after the first search, through the same connection', () => {
    const db = memoryStore();
    saveAll(db, [article({ id: 'router', title: '路由器 router 设置', body: '重启 router 后检查指示灯。' })]);
    expect(searchHandbook(db, 'rout').map((hit) => hit.id)).toEqual(['router']);
    expect(searchHandbook(db, 'roam')).toEqual([]);

    saveAll(db, [article({ id: 'roaming', title: '国际漫游', body: '开通 roaming 前请确认套餐。' })]);
    expect(searchHandbook(db, 'roam').map((hit) => hit.id)).toEqual(['roaming']);
    expect(searchHandbook(db, 'ro').map((hit) => hit.id).sort()).toEqual(['roaming', 'router']);
  });

  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-vocabulary-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a word another connection indexed into the same store file', () => {
    const file = path.join(dir, 'store.db');
    const reader = openStore(file);
    const writer = openStore(file);
    try {
      writer.transaction(() => saveArticle(writer, article({ id: 'onu', title: '光猫 ONU 指示灯', body: 'ONU 的 LOS 灯亮红色表示光信号中断。' })))();
      expect(searchHandbook(reader, 'los').map((hit) => hit.id)).toEqual(['onu']);
      expect(searchHandbook(reader, 'volte')).toEqual([]);

      writer.transaction(() => saveArticle(writer, article({ id: 'volte', title: '高清通话', body: '开通 VoLTE 后通话更清晰。' })))();
      expect(searchHandbook(reader, 'volte').map((hit) => hit.id)).toEqual(['volte']);
      expect(allMatchingIds(reader, 'vol')).toEqual(['volte']);
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('expands a one-letter prefix to every word it begins, in titles and bodies, all terms still required', () => {
    const db = memoryStore();
    const words = ['shell', 'show', 'shadow', 'share', 'short', 'signal', 'sim', 'sms', 'speed', 'ssid'];
    saveAll(db, [
      ...words.map((word, i) => article({ id: `w${i}`, title: i % 2 ? `${word} 指南` : '指南', body: i % 2 ? '正文。' : `正文提到 ${word}。` })),
      article({ id: 'other', title: '指南', body: '没有以那个字母开头的词：router。' }),
    ]);
    expect(allMatchingIds(db, 's').sort()).toEqual(words.map((_, i) => `w${i}`).sort());
    expect(searchHandbook(db, 's', { limit: 50 }).map((hit) => hit.id).sort()).toEqual(words.map((_, i) => `w${i}`).sort());
    expect(searchHandbook(db, 's 正文', { limit: 50 }).map((hit) => hit.id).sort()).toEqual(words.map((_, i) => `w${i}`).sort());
    expect(searchHandbook(db, 'sh 提到', { limit: 50 }).map((hit) => hit.id).sort()).toEqual(['w0', 'w2', 'w4']);
  });
});

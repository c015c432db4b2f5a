import type { HandbookArticle } from '../../../src-shared/domain/handbook.js';
import { saveArticle } from '../../../src-main/services/handbook/handbook-store.js';
import { openStore, type Db } from '../../../src-main/services/store/open-store.js';

/** A fresh in-memory workstation store with the real migrations. */
export const memoryStore = (): Db => openStore(':memory:');

export function article(fields: Partial<HandbookArticle> & { id: string }): HandbookArticle {
  return {
    title: `标题 ${fields.id}`,
    category: '测试/分类',
    keywords: [],
    synonyms: [],
    body: '正文。',
    version: 1,
    updated: '2026-01-01',
    status: 'published',
    ...fields,
  };
}

export function saveAll(db: Db, articles: HandbookArticle[]): void {
  db.transaction(() => articles.forEach((item) => saveArticle(db, item)))();
}

import { z } from 'zod';

export const ArticleStatus = z.enum(['published', 'draft']);

/** A handbook (服务宝典) article as published by the central API and stored locally. */
export const HandbookArticle = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,80}$/),
  title: z.string().min(1).max(200),
  /** Scenario path, segments joined by "/", e.g. 移动业务/携号转网. */
  category: z.string().min(1).max(200),
  keywords: z.array(z.string().max(50)).max(50).default([]),
  synonyms: z.array(z.string().max(50)).max(50).default([]),
  body: z.string().max(2_000_000),
  version: z.number().int().positive().default(1),
  updated: z.string(),
  status: ArticleStatus.default('published'),
});
export type HandbookArticle = z.infer<typeof HandbookArticle>;

export const ArticleSummary = HandbookArticle.pick({ id: true, title: true, category: true, updated: true, version: true });
export type ArticleSummary = z.infer<typeof ArticleSummary>;

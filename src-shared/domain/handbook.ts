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

/** A picture or audio clip, addressed by the sha256 of its bytes (hex). */
export const AssetHash = z.string().regex(/^[0-9a-f]{64}$/);

export const ASSET_MIME_BY_EXTENSION: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};
export const AssetMime = z.enum([...new Set(Object.values(ASSET_MIME_BY_EXTENSION))] as [string, ...string[]]);

/** The `data` of a document in the `assets` sync collection; its id is the sha256 of the bytes. */
export const AssetDocument = z.object({
  mime: AssetMime,
  size: z.number().int().nonnegative(),
  base64: z.string(),
});
export type AssetDocument = z.infer<typeof AssetDocument>;

/** An article file bigger than this is a mistake (a pasted log, a binary), not an article. */
export const MAX_ARTICLE_FILE_BYTES = 4 * 1024 * 1024;
/** A picture or audio clip bigger than this does not belong in an offline handbook. */
export const MAX_ASSET_BYTES = 16 * 1024 * 1024;

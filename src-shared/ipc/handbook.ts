import { z } from 'zod';
import { ArticleSummary, HandbookArticle } from '../domain/handbook.js';
import { channel } from './define.js';

/** An article in a list, with this profile's reading state. */
export const ArticleListItem = ArticleSummary.extend({
  favourite: z.boolean(),
  /** Changed (on the server or by an import) since this agent last opened it. */
  updatedSinceRead: z.boolean(),
});
export type ArticleListItem = z.infer<typeof ArticleListItem>;

export const ArticleView = HandbookArticle.extend({
  /** Body rendered from Markdown and sanitised by main; safe to insert as HTML. */
  html: z.string(),
  favourite: z.boolean(),
  /** As it was just before this open: the article changed since the agent last read it. */
  updatedSinceRead: z.boolean(),
  /** The version kept from before the latest change, if any. */
  previousVersion: z.number().int().nullable(),
});
export type ArticleView = z.infer<typeof ArticleView>;

export const PreviousVersionView = z.object({
  id: z.string(),
  version: z.number().int(),
  title: z.string(),
  category: z.string(),
  updated: z.string(),
  html: z.string(),
});
export type PreviousVersionView = z.infer<typeof PreviousVersionView>;

export const SearchHit = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string(),
  updated: z.string(),
  version: z.number().int(),
  /** Escaped text whose only markup is <mark>. */
  snippet: z.string(),
  titleHtml: z.string(),
  score: z.number(),
  /** `related`: found by the words of the query or pinyin mixed with Chinese, not as typed (listed after the literal hits). */
  match: z.enum(['literal', 'related']),
  favourite: z.boolean(),
  updatedSinceRead: z.boolean(),
});
export type SearchHit = z.infer<typeof SearchHit>;

/** The most results one search returns (the CLI refuses a larger --limit; the UI asks for 20). */
export const SEARCH_LIMIT_MAX = 1000;

export const CategoryCount = z.object({ path: z.string(), count: z.number().int() });
export type CategoryCount = z.infer<typeof CategoryCount>;

const ArticleId = z.string().min(1).max(80);
const CategoryPath = z.string().max(200);

export const handbookChannels = {
  'handbook.list': channel(z.object({ category: CategoryPath.optional() }).strict(), z.array(ArticleListItem)),
  /** Opens an article: returns it and records it as read and recently viewed. */
  'handbook.get': channel(z.object({ id: ArticleId }).strict(), ArticleView),
  'handbook.previousVersion': channel(z.object({ id: ArticleId }).strict(), PreviousVersionView.nullable()),
  // Anything typed is accepted: the engine searches it literally and bounds the work itself.
  'handbook.search': channel(
    z.object({ query: z.string().max(20_000), category: CategoryPath.optional(), limit: z.number().int().min(1).max(SEARCH_LIMIT_MAX).optional() }).strict(),
    // suggestions: "did you mean", when nothing was found (titles, keywords, synonyms close in characters or sound).
    z.object({ results: z.array(SearchHit), ms: z.number(), suggestions: z.array(z.string()) }),
  ),
  'handbook.categories': channel(z.object({}).strict(), z.array(CategoryCount)),
  'handbook.setFavourite': channel(z.object({ id: ArticleId, favourite: z.boolean() }).strict(), z.object({ favourite: z.boolean() })),
  'handbook.reading': channel(z.object({}).strict(), z.object({ favourites: z.array(ArticleListItem), recent: z.array(ArticleListItem) })),
};

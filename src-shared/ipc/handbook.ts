import { z } from 'zod';
import { ArticleSummary, HandbookArticle } from '../domain/handbook.js';
import { channel } from './define.js';

export const ArticleView = HandbookArticle.extend({
  /** Body rendered from Markdown and sanitised by main; safe to insert as HTML. */
  html: z.string(),
});
export type ArticleView = z.infer<typeof ArticleView>;

export const handbookChannels = {
  'handbook.list': channel(z.object({ category: z.string().max(200).optional() }).strict(), z.array(ArticleSummary)),
  'handbook.get': channel(z.object({ id: z.string().min(1).max(80) }).strict(), ArticleView),
};

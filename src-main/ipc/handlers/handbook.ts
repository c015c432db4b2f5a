import { categoryCounts, listArticles, openArticle, previousVersion, withReadingState } from '../../services/handbook/handbook-store.js';
import { readingLists, setFavourite } from '../../services/handbook/reading-state.js';
import { searchHandbook } from '../../services/handbook/search.js';
import { suggestQueries } from '../../services/handbook/suggestions.js';
import type { Db } from '../../services/store/open-store.js';
import type { Workstation } from '../../services/workstation.js';
import type { Handlers } from '../dispatcher.js';

type HandbookChannel =
  | 'handbook.list'
  | 'handbook.get'
  | 'handbook.previousVersion'
  | 'handbook.search'
  | 'handbook.categories'
  | 'handbook.setFavourite'
  | 'handbook.reading';

export const handbookHandlers = (ws: Workstation): Pick<Handlers, HandbookChannel> => {
  const db = () => ws.requireSession().db;
  return {
    'handbook.list': ({ category }) => listArticles(db(), category),
    'handbook.get': ({ id }) => openArticle(db(), id),
    'handbook.previousVersion': ({ id }) => previousVersion(db(), id),
    'handbook.search': ({ query, category, limit }) => {
      const started = performance.now();
      const results = withReadingState(db(), searchHandbook(db(), query, { category, limit }));
      const suggestions = results.length === 0 && query.trim() ? suggestQueries(db(), query) : [];
      return { results, ms: Math.round((performance.now() - started) * 1000) / 1000, suggestions };
    },
    'handbook.categories': () => categoryCounts(db()),
    'handbook.setFavourite': ({ id, favourite }) => {
      setFavourite(db(), id, favourite);
      return { favourite };
    },
    'handbook.reading': () => {
      const lists = readingLists(db());
      return { favourites: summaries(db(), lists.favourites), recent: summaries(db(), lists.recent) };
    },
  };
};

function summaries(db: Db, ids: string[]) {
  const rows = db
    .prepare(`SELECT id, title, category, updated, version FROM handbook_articles WHERE id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as { id: string; title: string; category: string; updated: string; version: number }[];
  const byId = new Map(withReadingState(db, rows).map((item) => [item.id, item]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

import { getArticle, listArticles } from '../../services/handbook/handbook-store.js';
import type { Workstation } from '../../services/workstation.js';
import type { Handlers } from '../dispatcher.js';

export const handbookHandlers = (ws: Workstation): Pick<Handlers, 'handbook.list' | 'handbook.get'> => ({
  'handbook.list': ({ category }) => listArticles(ws.requireSession().db, category),
  'handbook.get': ({ id }) => getArticle(ws.requireSession().db, id),
});

import type { ScreenPop } from '../../../src-shared/domain/calls.js';
import type { Db } from '../store/open-store.js';
import { recentTicketsForNumber } from './recent-tickets.js';

interface ArticleRow {
  id: string;
  title: string;
  category: string;
  keywords: string;
}

/**
 * What the agent sees while the phone rings: the caller's recent tickets and handbook articles
 * likely to help. Articles are chosen by the caller's ticket types and titles first (a repeat caller
 * about a broadband fault gets the fault articles), then by the agent's team (宽带一组 → 宽带业务).
 */
export function screenPopFor(db: Db, number: string, team: string, limit = 3): ScreenPop {
  const recentTickets = recentTicketsForNumber(db, number);
  const articles = db.prepare("SELECT id, title, category, keywords FROM handbook_articles WHERE status = 'published' ORDER BY title").all() as ArticleRow[];

  const ticketText = recentTickets.map((ticket) => `${ticket.type} ${ticket.title}`).join(' ');
  const teamTopic = team.slice(0, 2);
  const scored = articles
    .map((article) => {
      const words = [article.title, ...(JSON.parse(article.keywords) as string[])];
      // Two-character overlaps are how Chinese topic words (宽带, 故障, 携号) meet.
      const ticketScore = ticketText ? words.reduce((sum, word) => sum + bigramOverlap(word, ticketText), 0) : 0;
      const teamScore = teamTopic && article.category.includes(teamTopic) ? 1 : 0;
      return { article, score: ticketScore * 10 + teamScore };
    })
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.article.title.localeCompare(b.article.title, 'zh-CN'));

  return {
    recentTickets,
    articles: scored.slice(0, limit).map(({ article }) => ({ id: article.id, title: article.title, category: article.category })),
  };
}

function bigramOverlap(word: string, text: string): number {
  let hits = 0;
  for (let i = 0; i + 2 <= word.length; i++) if (text.includes(word.slice(i, i + 2))) hits++;
  return hits;
}

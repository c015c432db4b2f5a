import type { ArticleListItem, SearchHit } from '../../../src-shared/ipc/handbook.js';
import { useT } from '../../app/i18n/i18n.js';
import { NAV_ITEM } from './keyboard-navigation.js';

const navItem = { [NAV_ITEM]: '' };

function UpdatedBadge() {
  const t = useT();
  return <span className="badge badge-updated">{t('handbook.updatedBadge')}</span>;
}

/** Article entries (list, favourites, recent): each a button that opens the article. */
export function ArticleList({ label, items, onOpen, compact }: { label: string; items: ArticleListItem[]; onOpen(id: string): void; compact?: boolean }) {
  return (
    <ul className={`article-list${compact ? ' compact' : ''}`} aria-label={label}>
      {items.map((article) => (
        <li key={article.id}>
          <button type="button" {...navItem} onClick={() => onOpen(article.id)}>
            <span className="article-title">
              {article.favourite && <span aria-hidden="true">★ </span>}
              {article.title} {article.updatedSinceRead && <UpdatedBadge />}
            </span>
            {!compact && <span className="muted">{article.category}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** Search results: highlighted title and snippet (escaped by main; the only markup is <mark>). */
export function ResultList({ label, hits, onOpen }: { label: string; hits: SearchHit[]; onOpen(id: string): void }) {
  const t = useT();
  const firstRelated = hits.findIndex((hit) => hit.match === 'related');
  return (
    <ul className="article-list results" aria-label={label}>
      {hits.map((hit, index) => (
        <li key={hit.id} className={hit.match === 'related' ? 'related' : undefined}>
          {index === firstRelated && (
            <p className="section-title related-heading" aria-hidden="true">
              {t('handbook.relatedHeading')}
            </p>
          )}
          <button type="button" {...navItem} onClick={() => onOpen(hit.id)} aria-label={hit.title}>
            <span className="article-title">
              {hit.match === 'related' && (
                <span className="badge badge-related" title={t('handbook.relatedTitle')}>
                  {t('handbook.related')}
                </span>
              )}{' '}
              <span dangerouslySetInnerHTML={{ __html: hit.titleHtml }} /> {hit.updatedSinceRead && <UpdatedBadge />}
            </span>
            <span className="muted">{hit.category}</span>
            <span className="snippet" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
          </button>
        </li>
      ))}
    </ul>
  );
}

import { useEffect } from 'react';
import { useT } from '../../i18n/i18n.js';
import { useHandbook } from './handbook-store.js';

export function HandbookPane() {
  const t = useT();
  const { articles, open, start, openArticle, close } = useHandbook();
  useEffect(() => start(), [start]);

  return (
    <section className="pane handbook" aria-labelledby="handbook-heading">
      <h2 id="handbook-heading" className="pane-title">
        {t('handbook.heading')}
      </h2>
      {open ? (
        <article className="article" aria-label={open.title}>
          <button type="button" className="link-button" onClick={close}>
            ← {t('handbook.back')}
          </button>
          <h3>{open.title}</h3>
          <p className="muted">
            {open.category} · {t('handbook.updated')} {open.updated.slice(0, 10)}
          </p>
          {/* html is rendered from Markdown and sanitised in main (handbook-store.ts) */}
          <div className="article-body" dangerouslySetInnerHTML={{ __html: open.html }} />
        </article>
      ) : articles.length === 0 ? (
        <p className="muted">{t('handbook.empty')}</p>
      ) : (
        <ul className="article-list" aria-label={t('handbook.list')}>
          {articles.map((article) => (
            <li key={article.id}>
              <button type="button" onClick={() => void openArticle(article.id)}>
                <span className="article-title">{article.title}</span>
                <span className="muted">{article.category}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

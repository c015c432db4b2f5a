import type { ArticleView, PreviousVersionView } from '../../../src-shared/ipc/handbook.js';
import { useT } from '../../app/i18n/i18n.js';

interface Props {
  article: ArticleView;
  previous: PreviousVersionView | null;
  onBack(): void;
  onToggleFavourite(): void;
  onShowPrevious(show: boolean): void;
}

export function ArticleReader({ article, previous, onBack, onToggleFavourite, onShowPrevious }: Props) {
  const t = useT();
  return (
    <article className="article" aria-label={article.title}>
      <div className="article-toolbar">
        <button type="button" className="link-button" onClick={onBack}>
          ← {t('handbook.back')}
        </button>
        <button type="button" className="favourite-toggle" aria-pressed={article.favourite} onClick={onToggleFavourite}>
          {article.favourite ? `★ ${t('handbook.unfavourite')}` : `☆ ${t('handbook.favourite')}`}
        </button>
      </div>
      <h3>{article.title}</h3>
      <p className="muted">
        {article.category} · {t('handbook.version')} {article.version} · {t('handbook.updated')} {article.updated.slice(0, 10)}
      </p>
      {article.updatedSinceRead && (
        <p className="notice" role="note">
          <span className="badge badge-updated">{t('handbook.updatedBadge')}</span> {t('handbook.updatedNotice')}
        </p>
      )}
      {article.previousVersion !== null && (
        <button type="button" className="link-button" aria-expanded={previous !== null} onClick={() => onShowPrevious(previous === null)}>
          {previous ? t('handbook.closePrevious') : `${t('handbook.previousVersion')} (v${article.previousVersion})`}
        </button>
      )}
      {previous && (
        <section className="previous-version" aria-label={`${t('handbook.previousHeading')} v${previous.version}`}>
          <h4>
            {t('handbook.previousHeading')} · v{previous.version} · {previous.updated.slice(0, 10)}
          </h4>
          {/* rendered from Markdown and sanitised in main (handbook-store.ts) */}
          <div className="article-body" dangerouslySetInnerHTML={{ __html: previous.html }} />
        </section>
      )}
      {/* html is rendered from Markdown and sanitised in main (handbook-store.ts) */}
      <div className="article-body" dangerouslySetInnerHTML={{ __html: article.html }} />
    </article>
  );
}

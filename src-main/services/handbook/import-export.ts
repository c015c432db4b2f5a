import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rewriteAssetLinks } from '../../../src-shared/handbook/asset-links.js';
import { formatArticleFile } from '../../../src-shared/handbook/markdown-file.js';
import type { Db } from '../store/open-store.js';
import { assetHashesIn, getAsset, putAsset } from './assets.js';
import { allArticles, saveArticle } from './handbook-store.js';
import { readHandbookFolder, type FileProblem, type ReadFolderOptions } from '../../../src-node/content/read-folder.js';
import { optimiseIndex } from './search-index.js';

export interface ImportReport {
  imported: number;
  skipped: string[];
  problems: FileProblem[];
  /** Imported files whose raw HTML was sanitised. */
  warnings: FileProblem[];
}

/** Imports a folder into a workstation store: every valid article and its assets in one transaction. */
export function importHandbookFolder(db: Db, dir: string, options: ReadFolderOptions = {}): ImportReport {
  const contents = readHandbookFolder(dir, options);
  db.transaction(() => {
    for (const { article, assets } of contents.articles) {
      for (const asset of assets) putAsset(db, asset);
      saveArticle(db, article);
    }
  }).immediate();
  if (contents.articles.length > 200) optimiseIndex(db);
  return { imported: contents.articles.length, skipped: contents.skipped, problems: contents.problems, warnings: contents.warnings };
}

const EXTENSION_BY_MIME: Record<string, string> = {
  'image/svg+xml': '.svg',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
  'image/gif': '.gif',
  'audio/ogg': '.ogg',
  'audio/mpeg': '.mp3',
  'audio/wav': '.wav',
};

/**
 * Writes every article back as `<category>/<id>.md` in the import format, with its pictures and
 * audio next to it (`images/`, `audio/`) named by content hash and linked relatively.
 */
export function exportHandbookFolder(db: Db, dir: string): { exported: number; assets: number } {
  let assetCount = 0;
  const articles = allArticles(db);
  for (const article of articles) {
    const folder = path.join(dir, ...article.category.split('/').filter(Boolean));
    mkdirSync(folder, { recursive: true });
    const relativeOf = new Map<string, string>();
    for (const hash of assetHashesIn(article.body)) {
      const asset = getAsset(db, hash);
      if (!asset) continue;
      const sub = asset.mime.startsWith('audio/') ? 'audio' : 'images';
      const name = `${hash.slice(0, 16)}${EXTENSION_BY_MIME[asset.mime] ?? ''}`;
      mkdirSync(path.join(folder, sub), { recursive: true });
      writeFileSync(path.join(folder, sub, name), asset.data);
      relativeOf.set(`/asset/${hash}`, `${sub}/${name}`);
      assetCount++;
    }
    const body = rewriteAssetLinks(article.body, (link) => relativeOf.get(link));
    writeFileSync(path.join(folder, `${article.id}.md`), formatArticleFile({ ...article, body }));
  }
  return { exported: articles.length, assets: assetCount };
}

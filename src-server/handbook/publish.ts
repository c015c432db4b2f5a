import type { HandbookArticle } from '../../src-shared/domain/handbook.js';
import type { DocumentWrite, ServerStorage } from '../storage/storage.js';
import { readHandbookFolder, type FileProblem, type PreparedArticle } from '../../src-node/content/read-folder.js';

export interface PublishReport {
  published: number;
  unchanged: number;
  assets: number;
  skipped: string[];
  problems: FileProblem[];
  warnings: FileProblem[];
}

const sameContent = (a: HandbookArticle, b: HandbookArticle) =>
  JSON.stringify({ ...a, version: 0, updated: '' }) === JSON.stringify({ ...b, version: 0, updated: '' });

/**
 * The documents that publish prepared articles: new assets first (so a client never holds an article
 * whose pictures it cannot have yet), then new or changed articles. An article whose content changed
 * without its version being raised gets the next version, so clients see it as updated.
 */
export async function handbookWrites(storage: ServerStorage, prepared: PreparedArticle[]): Promise<{ writes: DocumentWrite[]; unchanged: number; assets: number }> {
  const assetWrites = new Map<string, DocumentWrite>();
  const articleWrites: DocumentWrite[] = [];
  let unchanged = 0;
  for (const { article, assets } of prepared) {
    for (const asset of assets) {
      if (assetWrites.has(asset.sha256) || (await storage.getDocument('assets', asset.sha256))) continue;
      assetWrites.set(asset.sha256, {
        collection: 'assets',
        id: asset.sha256,
        data: { mime: asset.mime, size: asset.data.length, base64: asset.data.toString('base64') },
      });
    }
    const current = await storage.getDocument('handbook', article.id);
    const previous = current && !current.deleted ? (current.data as HandbookArticle) : undefined;
    if (previous && sameContent(previous, article) && previous.updated === article.updated) {
      unchanged++;
      continue;
    }
    const version = previous && article.version <= previous.version ? previous.version + 1 : article.version;
    articleWrites.push({ collection: 'handbook', id: article.id, data: { ...article, version } });
  }
  return { writes: [...assetWrites.values(), ...articleWrites], unchanged, assets: assetWrites.size };
}

/** Validates a folder and publishes its valid articles and their assets in one transaction. */
export async function publishHandbookFolder(storage: ServerStorage, dir: string): Promise<PublishReport> {
  const contents = readHandbookFolder(dir);
  const { writes, unchanged, assets } = await handbookWrites(storage, contents.articles);
  if (writes.length > 0) await storage.putDocuments(writes);
  return { published: writes.length - assets, unchanged, assets, skipped: contents.skipped, problems: contents.problems, warnings: contents.warnings };
}

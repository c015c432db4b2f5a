import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startApiServer } from '../../../src-server/start.js';
import { sha256Hex } from '../../../src-node/content/read-folder.js';
import { PullResponse } from '../../../src-shared/sync/protocol.js';
import { applyAssetChange } from '../../../src-main/services/handbook/assets.js';
import { applyHandbookChange, openArticle } from '../../../src-main/services/handbook/handbook-store.js';
import { assetResponse } from '../../../src-main/host/asset-response.js';
import { openStore } from '../../../src-main/services/store/open-store.js';
import { searchHandbook } from '../../../src-main/services/handbook/search.js';

const work = mkdtempSync(path.join(os.tmpdir(), 'handbook-seed-sync-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('seed handbook from the central API to a workstation store', () => {
  it('publishes the seed pictures and audio with the articles; a client pulling them can render and serve them offline', async () => {
    const server = await startApiServer({ db: path.join(work, 'central.db'), logger: false });
    try {
      const login = await fetch(`${server.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId: '1001', password: 'hotline1001' }) });
      const { accessToken } = (await login.json()) as { accessToken: string };
      const pulled = PullResponse.parse(await (await fetch(`${server.url}/v1/sync/pull?cursor=0&limit=5000`, { headers: { authorization: `Bearer ${accessToken}` } })).json());
      const assets = pulled.changes.filter((change) => change.collection === 'assets');
      expect(assets.length).toBeGreaterThanOrEqual(2);
      const firstArticle = pulled.changes.findIndex((change) => change.collection === 'handbook');
      expect(pulled.changes.findLastIndex((change) => change.collection === 'assets')).toBeLessThan(firstArticle);

      const db = openStore(path.join(work, 'agent.db'));
      db.transaction(() => {
        for (const change of pulled.changes) {
          if (change.collection === 'assets') applyAssetChange(db, change);
          if (change.collection === 'handbook') applyHandbookChange(db, change);
        }
      })();
      const fault = openArticle(db, 'broadband-fault-report');
      const audio = /<audio[^>]*src="(\/asset\/([0-9a-f]{64}))"/.exec(fault.html)!;
      const served = assetResponse(db, audio[1]!, 'bytes=0-');
      expect(served.status).toBe(206);
      expect(served.headers['content-type']).toBe('audio/ogg');
      expect(sha256Hex(served.body as Buffer)).toBe(audio[2]);
      expect(searchHandbook(db, 'kd').map((hit) => hit.id)).toContain('broadband-fault-report');
      db.close();
    } finally {
      await server.close();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { assetResponse } from '../../../src-main/host/asset-response.js';
import { applyAssetChange, putAsset } from '../../../src-main/services/handbook/assets.js';
import { renderArticleHtml } from '../../../src-main/services/handbook/handbook-store.js';
import { sha256Hex } from '../../../src-node/content/read-folder.js';
import { findAssetLinks } from '../../../src-shared/handbook/asset-links.js';
import { memoryStore } from './store-helpers.js';

const hash = 'a'.repeat(64);

describe('article HTML is sanitised', () => {
  it('removes scripts, event handlers and javascript: links', () => {
    const html = renderArticleHtml('正文<script>alert(1)</script>\n\n<img src="/asset/' + hash + '" onerror="alert(1)">\n\n[点我](javascript:alert(1)) <a href="https://example.com" onclick="x()">ok</a>');
    expect(html).not.toMatch(/script|onerror|onclick|javascript:/i);
    expect(html).toContain(`<img src="/asset/${hash}" />`);
    expect(html).toContain('<a href="https://example.com">ok</a>');
  });

  it('loads pictures and audio only from /asset/<sha256>', () => {
    const html = renderArticleHtml(`![外链](https://evil.example/x.png)\n\n![data](data:image/svg+xml;base64,xx)\n\n<audio src="https://evil.example/a.ogg"></audio>`);
    expect(html).not.toContain('evil.example');
    expect(html).not.toContain('data:');
  });

  it('turns a link to an audio asset into a labelled player', () => {
    const html = renderArticleHtml(`[录音再现](/asset/${hash})`, new Map([[hash, 'audio/ogg']]));
    expect(html.trim()).toMatch(/^<figure class="audio-clip"><figcaption>录音再现<\/figcaption><audio controls [^>]*><\/audio><\/figure>$/);
    expect(html).toContain(`src="/asset/${hash}"`);
    expect(html).toContain('aria-label="录音再现"');
  });
});

describe('asset links', () => {
  it('are the targets of Markdown links and pictures and the src of media tags, not text that looks like them', () => {
    const body = [
      '![光猫](images/onu.png) 与 [录音](audio/call.ogg)',
      '<img alt="x" src="images/raw.svg"> <audio src="audio/raw.ogg"></audio>',
      // A man page quoting HTML, and an escaped bracket: text, no link.
      '示例：&lt;img src="foo.gif"&gt;，还有 \\](bar.gif) 与 <span data-src="x.png">',
      'src="plain.png" 写在正文里',
    ].join('\n');
    expect(findAssetLinks(body)).toEqual([
      { path: 'images/onu.png', line: 1 },
      { path: 'audio/call.ogg', line: 1 },
      { path: 'images/raw.svg', line: 2 },
      { path: 'audio/raw.ogg', line: 2 },
    ]);
  });
});

describe('assets', () => {
  const db = memoryStore();
  const bytes = Buffer.from('OggS fake audio bytes for range tests');
  const sha = sha256Hex(bytes);
  putAsset(db, { sha256: sha, mime: 'audio/ogg', data: bytes });

  it('are served by content hash with their type, and whole', () => {
    const response = assetResponse(db, `/asset/${sha}`, undefined);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('audio/ogg');
    expect(response.headers['accept-ranges']).toBe('bytes');
    expect(response.body).toEqual(bytes);
  });

  it('answer byte ranges, as audio players ask for them', () => {
    expect(assetResponse(db, `/asset/${sha}`, 'bytes=0-3')).toMatchObject({ status: 206, body: bytes.subarray(0, 4), headers: { 'content-range': `bytes 0-3/${bytes.length}` } });
    expect(assetResponse(db, `/asset/${sha}`, 'bytes=5-')).toMatchObject({ status: 206, body: bytes.subarray(5) });
    expect(assetResponse(db, `/asset/${sha}`, 'bytes=-4')).toMatchObject({ status: 206, body: bytes.subarray(bytes.length - 4) });
    expect(assetResponse(db, `/asset/${sha}`, 'bytes=999-')).toMatchObject({ status: 416 });
  });

  it('accept only hex hashes and refuse before sign-in', () => {
    for (const bad of ['/asset/../../etc/passwd', `/asset/${sha.toUpperCase()}`, `/asset/${sha}x`, '/asset/%2e%2e']) expect(assetResponse(db, bad, undefined).status).toBe(404);
    expect(assetResponse(undefined, `/asset/${sha}`, undefined).status).toBe(401);
  });

  it('a pulled asset must hash to its id', () => {
    const data = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const good = { collection: 'assets' as const, id: sha256Hex(data), rev: 1, deleted: false, data: { mime: 'image/svg+xml', size: data.length, base64: data.toString('base64') } };
    applyAssetChange(db, good);
    expect(assetResponse(db, `/asset/${good.id}`, undefined).status).toBe(200);
    expect(() => applyAssetChange(db, { ...good, id: 'b'.repeat(64) })).toThrow(/content hash/);
  });
});

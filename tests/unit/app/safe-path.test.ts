import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInside } from '../../../src-main/host/safe-path.js';

describe('renderer file paths', () => {
  const root = path.resolve('/srv/renderer');

  it('serves files inside the renderer folder', () => {
    expect(resolveInside(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveInside(root, '/assets/index.js?v=1')).toBe(path.join(root, 'assets/index.js'));
  });

  it.each(['/../secret.txt', '/%2e%2e/%2e%2e/etc/passwd', '/assets/../../etc/passwd', '/a%00.html', '/%E0%A4%A'])('refuses %s', (attempt) => {
    expect(resolveInside(root, attempt)).toBeUndefined();
  });

  it('never resolves outside the folder, whatever the encoding', () => {
    for (const attempt of ['/..%5c..%5cwindows', '//etc/passwd', '/./../x', '/assets/%2e%2e%2f%2e%2e%2fx']) {
      const resolved = resolveInside(root, attempt);
      if (resolved !== undefined) expect(resolved.startsWith(root + path.sep)).toBe(true);
    }
  });
});

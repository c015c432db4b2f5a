import { ASSET_MIME_BY_EXTENSION } from '../domain/handbook.js';

// Articles are written with relative links to pictures and audio next to them (`images/x.svg`,
// `audio/y.ogg`); stored and published articles link to `/asset/<sha256>` instead. These helpers
// find and rewrite those links in Markdown (`](path)`) and raw HTML (`src="path"`).

export interface AssetLink {
  /** As written in the file, e.g. `images/onu-lights.svg`. */
  path: string;
  /** 1-based line within the text searched. */
  line: number;
}

// `\](x.gif)` is escaped text, and `src="x.gif"` only a link inside a tag of a media element: a
// man page quoting HTML (&lt;img src="foo.gif"&gt;) links to nothing.
const MARKDOWN_TARGET = /((?<!\\)\]\(\s*<?)([^)\s>]+)(>?(?:\s+"[^"]*")?\s*\))/g;
const HTML_SRC = /(<(?:img|audio|source|video|track)\b[^<>]*?\ssrc\s*=\s*["'])([^"']+)(["'])/gi;

const extensionOf = (path: string) => {
  const clean = path.split(/[?#]/)[0]!;
  const dot = clean.lastIndexOf('.');
  return dot >= 0 ? clean.slice(dot).toLowerCase() : '';
};

/** True for a relative link to a picture or audio file (not a URL, not /asset/…). */
export function isRelativeAssetPath(path: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('/') || path.startsWith('#')) return false;
  return extensionOf(path) in ASSET_MIME_BY_EXTENSION;
}

export const mimeOfPath = (path: string): string | undefined => ASSET_MIME_BY_EXTENSION[extensionOf(path)];

export function findAssetLinks(text: string): AssetLink[] {
  const links: AssetLink[] = [];
  text.split('\n').forEach((line, index) => {
    for (const pattern of [MARKDOWN_TARGET, HTML_SRC]) {
      for (const match of line.matchAll(pattern)) {
        const path = safeDecode(match[2]!);
        if (isRelativeAssetPath(path)) links.push({ path, line: index + 1 });
      }
    }
  });
  return links;
}

/** Replaces every link for which `target(path)` returns a string; others stay as written. */
export function rewriteAssetLinks(text: string, target: (path: string) => string | undefined): string {
  const replace = (whole: string, before: string, path: string, after: string) => {
    const next = target(safeDecode(path));
    return next === undefined ? whole : `${before}${next}${after}`;
  };
  return text.replace(MARKDOWN_TARGET, replace).replace(HTML_SRC, replace);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

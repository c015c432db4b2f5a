import type { HandbookArticle } from '../../../src-shared/domain/handbook.js';

// The benchmark's ground truth of what a reader sees, by a plain line scan of the raw Markdown:
// written apart from the product's text code (src-main, src-shared/handbook), so a bug there shows
// up as missed or extra matches instead of being copied into the truth. It knows the Markdown that
// the corpus holds: fenced code (verbatim), headings, list and quote markers, emphasis, code spans,
// links and pictures (their text), table pipes, backslash escapes, entities, and tags of HTML's own
// elements (removed, their text kept). Tag-shaped text that is no HTML element is text.

// (The three strings are joined before the split: a Set of the words, not of the characters.)
const HTML_TAGS = new Set(
  (
    'a b i u s em strong small big sub sup span div p br hr pre code kbd samp var tt mark del ins q cite abbr dfn time ' +
    'h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr td th caption col colgroup img figure figcaption ' +
    'blockquote section article aside header footer nav main details summary font center strike audio video source picture'
  ).split(' '),
);
const HIDDEN_ELEMENTS = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Inline markup of one line of prose: escapes kept apart, so `\*` stays a star. */
function inline(line: string): string {
  // Autolinks bind tighter than backslash escapes (CommonMark): `<URL:http://x/\>` shows
  // `URL:http://x/\`, backslash and all. A `<` that is itself escaped starts none.
  const autolinks: string[] = [];
  let text = line.replace(
    /(?<=(?:^|[^\\])(?:\\\\)*)<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>/g,
    (_, target: string) => `\uE004${autolinks.push(target) - 1}\uE005`,
  );
  const escaped: string[] = [];
  text = text.replace(/\\([!-/:-@[-`{-~])/g, (_, char: string) => `\uE000${escaped.push(char) - 1}\uE001`);
  const spans: string[] = [];
  text = text.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, _ticks, code: string) => `\uE002${spans.push(code.replace(/^ (.*) $/, '$1')) - 1}\uE003`);
  text = text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<\/?([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*)?\/?>/g, (tag, name: string) => (HTML_TAGS.has(name.toLowerCase()) ? '' : tag))
    // Emphasis: only delimiters that pair up; a lone `*` (`iproute2*`) is text.
    .replace(/(\*\*|__|~~)(?=\S)([^]*?\S)\1/g, '$2')
    .replace(/(^|[\s\p{P}])([*_])(?=\S)([^]*?\S)\2(?=$|[\s\p{P}])/gu, '$1$3');
  text = decodeEntities(text);
  return text
    .replace(/\uE002(\d+)\uE003/g, (_, i: string) => spans[Number(i)]!)
    .replace(/\uE000(\d+)\uE001/g, (_, i: string) => escaped[Number(i)]!)
    .replace(/\uE004(\d+)\uE005/g, (_, i: string) => autolinks[Number(i)]!);
}

/** What a reader sees of a Markdown body, blocks and table cells on lines of their own. */
export function visibleText(markdown: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const raw of markdown.replace(HIDDEN_ELEMENTS, '').split('\n')) {
    if (fence !== null) {
      if (raw.trim().startsWith(fence)) fence = null;
      else out.push(raw);
      continue;
    }
    const opening = /^\s{0,3}(`{3,}|~{3,})/.exec(raw);
    if (opening) {
      fence = opening[1]!;
      continue;
    }
    let line = raw.replace(/^\s{0,3}(>\s?)+/, '');
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line) || /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(line)) continue;
    // A heading's closing #s are markup; a # at the end of any other line (`Dial string #`) is text.
    const heading = /^\s{0,3}#{1,6}(\s|$)/.test(line);
    if (heading) line = line.replace(/^\s{0,3}#{1,6}(\s+|$)/, '').replace(/(^|\s+)#+\s*$/, '');
    line = line.replace(/^\s*([-*+]|\d{1,9}[.)])\s+(\[[ xX]\]\s+)?/, '');
    // Table cells (an unescaped pipe in a table row) are apart: a line break each.
    out.push(/(^|[^\\])\|/.test(line) && /^\s*\|/.test(line) ? line.split(/(?<!\\)\|/).map(inline).join('\n') : inline(line));
  }
  return out.join('\n');
}

/** Everything an article is found by, as the reader sees it: title, keywords, synonyms, body. */
export function visibleArticleText(article: Pick<HandbookArticle, 'title' | 'keywords' | 'synonyms' | 'body'>): string {
  return [article.title, article.keywords.join(' '), article.synonyms.join(' '), visibleText(article.body)].join('\n');
}

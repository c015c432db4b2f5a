// Which angle-bracket text in an article is HTML. Markdown lets authors embed HTML, and CommonMark
// takes anything shaped like a tag (`<form-feed>`, `<filename>`, `<n>`) for one; a browser then shows
// nothing of it. Handbook text is full of such placeholders (`<套餐名>`, `<file>`, `速率<10M`), so
// only the elements of HTML itself count as HTML; every other tag-shaped text is text, in the
// reader, in the index and on import. One list, used by all three.

const HTML_ELEMENTS = new Set(
  (
    'a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col colgroup ' +
    'data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure font footer form frame frameset ' +
    'h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark menu meta ' +
    'meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script section ' +
    'select slot small source span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead ' +
    'time title tr track tt u ul var video wbr center math'
  ).split(' '),
);

/** A tag, a comment, a declaration or a processing instruction, as CommonMark recognises them (name captured for tags). */
const TAG = /<\/?([A-Za-z][A-Za-z0-9-]*)(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<!--[\s\S]*?-->|<![A-Za-z][^>]*>|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>/g;

/** Whether one tag (as a Markdown lexer hands out inline HTML) is an element of HTML, or a comment. */
export function isHtmlTag(raw: string): boolean {
  const match = /^<\/?([A-Za-z][A-Za-z0-9-]*)/.exec(raw.trim());
  if (!match) return /^<(!--|!\[CDATA\[|\?|![A-Za-z])/.test(raw.trim());
  return HTML_ELEMENTS.has(match[1]!.toLowerCase());
}

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A block of HTML with every tag-shaped text that is not an HTML element escaped, so it shows as the text it is. */
export function escapeNonHtmlTags(html: string): string {
  return html.replace(TAG, (tag: string, name: string | undefined) => (name === undefined || HTML_ELEMENTS.has(name.toLowerCase()) ? tag : escapeText(tag)));
}

/** Inline HTML as the reader gets it: an element stays markup, anything else is escaped text. */
export function inlineHtml(raw: string): string {
  return isHtmlTag(raw) ? raw : escapeText(raw);
}

import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import { Lexer, type Token, type Tokens } from 'marked';
import { escapeNonHtmlTags, isHtmlTag } from '../../../src-shared/handbook/markdown-html.js';

/**
 * The text a reader sees of an article body: what is indexed and what snippets are cut from. It comes
 * from the same Markdown parse the reader's HTML comes from (marked's lexer): text, code spans and
 * blocks, link text, picture alt text, and the text content of embedded HTML. Link and picture
 * targets (file names, asset hashes) and markup are not text. Tag-shaped text that is no HTML element
 * (`<套餐名>`, `<form-feed>`) is text, as the reader shows it (markdown-html.ts). Blocks, list items
 * and table cells are separated by a line break, so a term never spans two of them.
 */
export function markdownToPlainText(markdown: string): string {
  // Most windows a snippet is cut from are prose with no markup at all: no parse needed.
  if (!MARKUP.test(markdown)) return markdown.replace(/[ \t]+/g, ' ');
  return parsedPlainText(markdown);
}

/** The same, always through marked's lexer (what the shortcut above must agree with). */
export function parsedPlainText(markdown: string): string {
  const out: string[] = [];
  walk(new Lexer({ gfm: true }).lex(markdown), out);
  return out.join('').replace(/[ \t]+/g, ' ');
}

/**
 * Any character or line that could make Markdown (or an entity) show something other than the
 * characters written. Not in it, because alone they never change the text shown: `( ) !` (links
 * and pictures need `[`), `:` `@` `www.` (GFM autolinks show the address as written), and `=` `-` `:`
 * other than as a setext underline, a rule (`- - -`), a list marker or a one-column table's
 * `:--` row. Checked against marked itself
 * (tests/unit/handbook/plain-text.property.test.ts); leaving them out halves the snippet windows
 * that are parsed on the Debian corpus.
 */
const MARKUP = /[<>&*_[\]`#|~\\]|^ {0,3}(=+|:?-+:?|(-[ \t]*){3,})[ \t]*$|^\s*([-+]|\d+[.)])(\s|$)|^ {4}|^\t/m;

function walk(tokens: Token[], out: string[]): void {
  for (const token of tokens) textOf(token, out);
}

function textOf(token: Token, out: string[]): void {
  switch (token.type) {
    case 'code':
    case 'codespan':
      // Shown verbatim: `&amp;` in code is the five characters.
      out.push(token.text);
      if (token.type === 'code') out.push('\n');
      return;
    case 'text':
      if ('tokens' in token && token.tokens?.length) walk(token.tokens, out);
      else out.push(decodeHTML(token.text));
      return;
    case 'escape':
      out.push(decodeHTML(token.text));
      return;
    case 'image':
      out.push(decodeHTML(token.text));
      return;
    case 'html':
      out.push((token as Tokens.HTML).block ? htmlText(token.text) : isHtmlTag(token.text) ? '' : token.text);
      if ((token as Tokens.HTML).block) out.push('\n');
      return;
    case 'br':
    case 'hr':
    case 'space':
      out.push('\n');
      return;
    case 'def':
    case 'checkbox':
      return;
    case 'list':
      for (const item of (token as Tokens.List).items) {
        walk(item.tokens, out);
        out.push('\n');
      }
      return;
    case 'table': {
      const table = token as Tokens.Table;
      for (const row of [table.header, ...table.rows]) {
        for (const cell of row) {
          walk(cell.tokens, out);
          out.push('\n');
        }
      }
      return;
    }
    default:
      // paragraph, heading, blockquote, strong, em, del, link, list_item …
      if ('tokens' in token && token.tokens) walk(token.tokens, out);
      else if ('text' in token && typeof token.text === 'string') out.push(decodeHTML(token.text));
      if (BLOCKS.has(token.type)) out.push('\n');
  }
}

const BLOCKS = new Set(['paragraph', 'heading', 'blockquote', 'list_item']);

// What a browser shows of embedded HTML: its text, not that of scripts, styles or comments; block
// elements break the line.
const HIDDEN = new Set(['script', 'style', 'template', 'noscript', 'textarea', 'select', 'option']);
const BREAKS = new Set(['p', 'div', 'br', 'li', 'tr', 'td', 'th', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'blockquote', 'table', 'ul', 'ol', 'section', 'article', 'hr', 'figcaption']);

function htmlText(html: string): string {
  const parts: string[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (HIDDEN.has(name)) hidden++;
        else if (BREAKS.has(name)) parts.push('\n');
        if (name === 'img' && attributes.alt && !hidden) parts.push(attributes.alt);
      },
      onclosetag(name) {
        if (HIDDEN.has(name)) hidden = Math.max(0, hidden - 1);
        else if (BREAKS.has(name)) parts.push('\n');
      },
      ontext(text) {
        if (!hidden) parts.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(escapeNonHtmlTags(html));
  parser.end();
  return parts.join('');
}

/** Everything an article is searchable by, in one string. */
export function searchableText(article: { title: string; keywords: string[]; synonyms: string[]; body: string }): string {
  return [article.title, article.keywords.join(' '), article.synonyms.join(' '), markdownToPlainText(article.body)].join('\n');
}

import { Lexer, type Token } from 'marked';

// Raw HTML in an imported article: what could run or load something is taken out, the rest is kept,
// and the author is told where (file and line). The article is imported either way: a handbook that
// was written elsewhere often carries a stray <script> or an onclick, and refusing the article would
// hide its text from every agent. The reader sanitises again when it renders (handbook-store.ts).

export interface BodyWarning {
  /** 1-based line within the body. */
  line: number;
  message: string;
}

const DANGEROUS_ELEMENTS = ['script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'base', 'meta', 'link', 'form', 'style', 'applet', 'noscript', 'template'];
const DANGEROUS_URL = /^\s*(javascript|vbscript|data\s*:\s*text\/html)/i;
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'srcdoc']);

const MESSAGES = {
  element: (name: string) => `已移除 <${name}> 元素 (removed a <${name}> element)`,
  handler: (name: string) => `已移除事件处理属性 ${name}= (removed an event handler attribute)`,
  url: '已移除 javascript:/data:text/html 链接 (removed a script link)',
};

/** The body with dangerous HTML and script links removed, and a warning per removal. */
export function sanitiseBody(body: string): { body: string; warnings: BodyWarning[] } {
  // Most articles have neither a tag nor a script link: no parse needed.
  if (!/<|javascript|vbscript|data\s*:/i.test(body)) return { body, warnings: [] };
  const edits: { at: number; raw: string; replacement: string }[] = [];
  const warnings: BodyWarning[] = [];
  const lineAt = (offset: number) => body.slice(0, offset).split('\n').length;

  const visit = (tokens: Token[], parentRaw: string, parentAt: number) => {
    let cursor = 0;
    for (const token of tokens) {
      const found = parentRaw.indexOf(token.raw, cursor);
      const at = found >= 0 ? parentAt + found : -1;
      if (found >= 0) cursor = found + token.raw.length;
      if (token.type === 'html' && at >= 0) {
        const problems = htmlProblems(token.raw);
        if (problems.length) {
          const clean = cleanHtml(token.raw);
          edits.push({ at, raw: token.raw, replacement: clean + (token.raw.endsWith('\n') && !clean.endsWith('\n') ? '\n' : '') });
          for (const problem of problems) warnings.push({ line: lineAt(at) + problem.lineOffset, message: problem.message });
        }
        continue;
      }
      if ((token.type === 'link' || token.type === 'image') && DANGEROUS_URL.test(token.href) && at >= 0) {
        edits.push({ at, raw: token.raw, replacement: token.text });
        warnings.push({ line: lineAt(at), message: MESSAGES.url });
        continue;
      }
      for (const children of childTokens(token)) if (at >= 0) visit(children, token.raw, at);
    }
  };
  visit(new Lexer({ gfm: true }).lex(body), body, 0);

  let result = body;
  for (const edit of edits.sort((a, b) => b.at - a.at)) {
    result = result.slice(0, edit.at) + edit.replacement + result.slice(edit.at + edit.raw.length);
  }
  return { body: result, warnings: warnings.sort((a, b) => a.line - b.line) };
}

function childTokens(token: Token): Token[][] {
  if (token.type === 'list') return token.items.map((item: Token & { tokens: Token[] }) => item.tokens);
  if (token.type === 'table') return [...token.header, ...token.rows.flat()].map((cell: { tokens: Token[] }) => cell.tokens);
  return 'tokens' in token && token.tokens ? [token.tokens] : [];
}

/** Every dangerous element, handler attribute and script URL in a piece of HTML, by line within it. */
function htmlProblems(html: string): { lineOffset: number; message: string }[] {
  const problems: { lineOffset: number; message: string }[] = [];
  const lineOffsetOf = (index: number) => html.slice(0, Math.max(0, index)).split('\n').length - 1;
  for (const match of html.matchAll(/<\s*([A-Za-z][A-Za-z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>?/g)) {
    const name = match[1]!.toLowerCase();
    const lineOffset = lineOffsetOf(match.index);
    if (DANGEROUS_ELEMENTS.includes(name)) problems.push({ lineOffset, message: MESSAGES.element(name) });
    for (const attribute of match[2]!.matchAll(/([^\s=/"']+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const key = attribute[1]!.toLowerCase();
      const value = (attribute[2] ?? '').replace(/^["']|["']$/g, '');
      if (/^on/.test(key)) problems.push({ lineOffset, message: MESSAGES.handler(key) });
      else if (URL_ATTRIBUTES.has(key) && DANGEROUS_URL.test(decodeURIComponentSafe(value))) problems.push({ lineOffset, message: MESSAGES.url });
    }
  }
  return problems;
}

const decodeURIComponentSafe = (value: string) => {
  try {
    return decodeURIComponent(value.replace(/&#x?[0-9a-f]+;?|&colon;/gi, (entity) => (entity.toLowerCase() === '&colon;' ? ':' : entity)));
  } catch {
    return value;
  }
};

/** The HTML with those removed and everything else kept byte for byte (a re-serialised HTML would change the author's text). */
function cleanHtml(html: string): string {
  const elements = DANGEROUS_ELEMENTS.join('|');
  return html
    .replace(new RegExp(`<\\s*(${elements})(?![\\w-])(?:[^>"']|"[^"]*"|'[^']*')*>[\\s\\S]*?<\\s*/\\s*\\1\\s*>`, 'gi'), '')
    .replace(new RegExp(`<\\s*/?\\s*(${elements})(?![\\w-])(?:[^>"']|"[^"]*"|'[^']*')*>`, 'gi'), '')
    .replace(/<\s*[A-Za-z][A-Za-z0-9-]*(?:[^>"']|"[^"]*"|'[^']*')*>/g, (tag) =>
      tag.replace(/\s+([^\s=/"'>]+)(\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g, (attribute, name: string, _assignment, value: string | undefined) => {
        const key = name.toLowerCase();
        const url = (value ?? '').replace(/^["']|["']$/g, '');
        return /^on/.test(key) || (URL_ATTRIBUTES.has(key) && DANGEROUS_URL.test(decodeURIComponentSafe(url))) ? '' : attribute;
      }),
    );
}

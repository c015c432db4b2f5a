/**
 * The readable text of an article body: what is indexed and what snippets are cut from. Link and
 * picture targets (file names, asset hashes) are dropped so they neither pollute the index nor
 * show up in a snippet; their visible text stays.
 */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/gm, '')
    .replace(/(\*\*|__|`+|~~)/g, '')
    .replace(/[ \t]+/g, ' ');
}

/** Everything an article is searchable by, in one string: the substring-scan ground truth uses it too. */
export function searchableText(article: { title: string; keywords: string[]; synonyms: string[]; body: string }): string {
  return [article.title, article.keywords.join(' '), article.synonyms.join(' '), markdownToPlainText(article.body)].join('\n');
}

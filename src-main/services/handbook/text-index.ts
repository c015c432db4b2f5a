// A reusable Chinese-ready text index for any FTS5 table (the handbook uses it; tickets can too).
// Give each searchable field two columns, `<field>_terms` and `<field>_chars`, fill them with
// cjkColumns(text), optionally add pinyin columns filled with pinyinColumns([...]), and search with
// matchExpression(parseQuery(input), { terms: [...], chars: [...], pinyin: [...] }) as a bound
// MATCH parameter. Recall equals a substring scan for CJK text and a word-prefix scan for words.
export { cjkColumns, pinyinColumns, segment, type CjkColumns, type PinyinColumns } from './tokenizer.js';
export { matchExpression, parseQuery, termExpression, type MatchColumns, type QueryTerm } from './query-builder.js';

/** SQL for an FTS5 table with a terms/chars column pair per field (contentless, unicode61). */
export function createTextIndexSql(table: string, fields: string[], options: { pinyin?: boolean; extraColumns?: string[] } = {}): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(table) || !fields.every((field) => /^[a-z_][a-z0-9_]*$/.test(field))) throw new Error('Bad identifier');
  const columns = [
    ...fields.flatMap((field) => [`${field}_terms`, `${field}_chars`]),
    ...(options.pinyin ? ['py_full', 'py_init'] : []),
    ...(options.extraColumns ?? []),
  ];
  return `CREATE VIRTUAL TABLE ${table} USING fts5(${columns.join(', ')}, content = '', contentless_delete = 1, tokenize = 'unicode61')`;
}

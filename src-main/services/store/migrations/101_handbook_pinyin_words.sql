-- Issue 13: the head index gains py_words, the pinyin of the Chinese words of title, keywords and
-- synonyms, from word starts only (宽带 → kd, kuandai …; 卡丢了, three one-character words, gives
-- none), so `kd` ranks articles whose title has the word 宽带 above an incidental 卡丢. FTS5 cannot
-- add a column: the table is made anew, and the next sign-in re-indexes every article (which the
-- plain text read by a real Markdown parse needs too). An empty store starts indexed.
DROP TABLE IF EXISTS handbook_head_fts;
CREATE VIRTUAL TABLE handbook_head_fts USING fts5(
  head_terms, head_chars, py_full, py_init, cats, py_words,
  content = '', contentless_delete = 1, tokenize = 'unicode61'
);
INSERT INTO settings (key, value)
  VALUES ('handbook_search_index', CASE WHEN EXISTS (SELECT 1 FROM handbook_articles) THEN 'reindex' ELSE '2' END)
  ON CONFLICT(key) DO UPDATE SET value = excluded.value;

-- Ticket search moves to the handbook's text index (services/handbook/text-index.ts): bigram/word
-- and single-character columns with the handbook's recall, plus pinyin of the title and customer
-- name (an agent types `zxs` for 张先生). The old gram table goes; the ticket feature refills the
-- new one from the stored tickets at the next sign-in (flag below), since SQL cannot tokenise.
DROP TABLE IF EXISTS tickets_fts;
CREATE VIRTUAL TABLE tickets_search USING fts5(text_terms, text_chars, py_full, py_init, content = '', contentless_delete = 1, tokenize = 'unicode61');
INSERT INTO settings (key, value) VALUES ('tickets_search_rebuild', '1') ON CONFLICT(key) DO UPDATE SET value = excluded.value;

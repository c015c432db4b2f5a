-- Issue 13: a ticket is found by any run of 4 or more consecutive digits of its customer phone (an
-- agent hears "尾号 5678"). The phone column holds every suffix of the digits from the 4th-last
-- on (13912345678, 3912345678 … 5678), so a typed run is a prefix of one of them: one FTS5 prefix
-- query, no substring scan. FTS5 cannot add a column: the table is made anew and the ticket
-- feature refills it from the stored tickets at the next sign-in (flag below).
DROP TABLE IF EXISTS tickets_search;
CREATE VIRTUAL TABLE tickets_search USING fts5(text_terms, text_chars, py_full, py_init, phone, content = '', contentless_delete = 1, tokenize = 'unicode61');
INSERT INTO settings (key, value) VALUES ('tickets_search_rebuild', '1') ON CONFLICT(key) DO UPDATE SET value = excluded.value;

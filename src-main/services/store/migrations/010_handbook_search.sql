-- Handbook search, assets, versions and reading state (handbook range 010-019).

-- Full-text index of published articles. Chinese has no spaces, so main pre-tokenises every text
-- (src-main/services/handbook/tokenizer.ts) into space-separated tokens that unicode61 keeps whole:
--   *_terms: character bigrams of each Han run plus Latin/digit words (a 2+ character query is a
--            phrase of its bigrams; a word query is a prefix)
--   *_chars: single Han characters (1-character queries; trigram and bigram-only indexes miss them)
--   head_*:  title + keywords + synonyms (weighted up in bm25); body_*: the article text
--   cats:    one token per category path prefix, for the category filter inside the MATCH
-- Contentless: the index keeps no copy of the text (snippets are cut from handbook_articles), which
-- keeps the database within a few times the raw text. rowid = handbook_articles.rowid.
CREATE VIRTUAL TABLE handbook_fts USING fts5(
  head_terms, head_chars, body_terms, body_chars, cats,
  content = '', contentless_delete = 1, tokenize = 'unicode61'
);

-- Pictures and audio, stored once by content hash (sha256 hex); articles link to /asset/<sha256>.
CREATE TABLE handbook_assets (
  sha256  TEXT PRIMARY KEY CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  mime    TEXT NOT NULL,
  size    INTEGER NOT NULL,
  data    BLOB NOT NULL
) STRICT;

-- The version an article had before its latest change, so an agent can see what changed.
CREATE TABLE handbook_article_versions (
  article_id  TEXT NOT NULL,
  version     INTEGER NOT NULL,
  title       TEXT NOT NULL,
  category    TEXT NOT NULL,
  body        TEXT NOT NULL,
  updated     TEXT NOT NULL,
  replaced_at TEXT NOT NULL,
  PRIMARY KEY (article_id, version)
) STRICT;

-- This profile's own reading state: favourites, recently viewed, and the version last read (for the
-- "updated since you last read" badge). Personal to the profile; it is not shared agent data, so it
-- does not go through the outbox.
CREATE TABLE handbook_reading (
  article_id        TEXT PRIMARY KEY,
  favourite         INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),
  favourited_at     TEXT,
  last_opened_at    TEXT,
  last_read_version INTEGER,
  last_read_updated TEXT
) STRICT;
CREATE INDEX handbook_reading_recent ON handbook_reading (last_opened_at DESC) WHERE last_opened_at IS NOT NULL;

-- Pinyin of each Han run of the title, keywords and synonyms, as JSON [[run, [syllables…]], …]:
-- search highlights the characters a pinyin query stands for without converting text again.
ALTER TABLE handbook_articles ADD COLUMN head_pinyin TEXT NOT NULL DEFAULT '[]';

-- The title/keyword part of the index again, on its own: its doclists are short, so ranking title
-- and keyword matches with bm25 stays cheap even for a character found in most article bodies.
-- It alone holds pinyin (py_full / py_init: every prefix of the pinyin, full and initials, from each
-- character of the title, keywords and synonyms, so typed pinyin is one exact token).
CREATE VIRTUAL TABLE handbook_head_fts USING fts5(
  head_terms, head_chars, py_full, py_init, cats,
  content = '', contentless_delete = 1, tokenize = 'unicode61'
);

-- The index's vocabulary per column: a typed word is expanded to the few indexed words it begins,
-- which FTS5 then iterates lazily, instead of merging every matching doclist up front as a prefix
-- query does; and a query token's document count tells whether bm25 over all matches is affordable.
CREATE VIRTUAL TABLE handbook_fts_vocab USING fts5vocab('handbook_fts', 'col');

-- Articles synced before this migration have no index entries yet: without this marker the next
-- sign-in re-indexes them (search-index.ts ensureSearchIndex). An empty store starts indexed.
INSERT INTO settings (key, value) SELECT 'handbook_search_index', '1' WHERE NOT EXISTS (SELECT 1 FROM handbook_articles);

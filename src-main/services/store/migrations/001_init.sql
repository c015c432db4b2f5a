-- Local store of one agent profile. STRICT tables: a wrong type is an error, not a silent cast.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Cursors and markers of the sync engine, written in the same transaction as the changes they cover.
CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Every agent write appends here in the same transaction as the row it changes.
CREATE TABLE outbox (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  mutation_id    TEXT NOT NULL UNIQUE,
  collection     TEXT NOT NULL,
  entity_id      TEXT NOT NULL,
  op             TEXT NOT NULL,
  payload        TEXT NOT NULL,
  schema_version INTEGER NOT NULL DEFAULT 1,
  created_at     TEXT NOT NULL,
  attempts       INTEGER NOT NULL DEFAULT 0,
  last_error     TEXT
) STRICT;

CREATE TABLE handbook_articles (
  id        TEXT PRIMARY KEY,
  title     TEXT NOT NULL,
  category  TEXT NOT NULL,
  keywords  TEXT NOT NULL DEFAULT '[]',
  synonyms  TEXT NOT NULL DEFAULT '[]',
  body      TEXT NOT NULL,
  version   INTEGER NOT NULL,
  updated   TEXT NOT NULL,
  status    TEXT NOT NULL DEFAULT 'published',
  rev       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX handbook_articles_category ON handbook_articles (category, title);

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  target  TEXT,
  reason  TEXT
) STRICT;

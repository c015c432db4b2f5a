-- The schema of the central API before numbered migrations (main bf09908), unchanged. IF NOT EXISTS
-- only here: a database made by that code already has these tables and is adopted, not rebuilt
-- (the runner adds documents.field_meta to one made before field-level conflicts existed).
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS agents (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, team TEXT NOT NULL, role TEXT NOT NULL,
  password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0
) STRICT;
-- The latest state of every synced document. seq is its position in the change log: every write
-- moves the document to a new, higher seq, so a puller that reads seq > cursor sees the latest state.
-- field_meta (when each field last changed, and by which client) comes last, where the old code's
-- ALTER TABLE put it.
CREATE TABLE IF NOT EXISTS documents (
  collection TEXT NOT NULL, id TEXT NOT NULL, rev INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,
  data TEXT, team TEXT, owner TEXT, seq INTEGER NOT NULL UNIQUE, field_meta TEXT,
  PRIMARY KEY (collection, id)
) STRICT;
-- Every applied mutation, recorded in the transaction of its change: the idempotency ledger.
CREATE TABLE IF NOT EXISTS mutations (
  mutation_id TEXT PRIMARY KEY, client_id TEXT NOT NULL, agent_id TEXT NOT NULL,
  collection TEXT NOT NULL, entity_id TEXT NOT NULL, rev INTEGER NOT NULL, applied_at TEXT NOT NULL
) STRICT;
-- Ticket attachments by content hash (the ticket's file field holds the reference).
CREATE TABLE IF NOT EXISTS attachments (
  sha256 TEXT PRIMARY KEY, mime TEXT NOT NULL, size INTEGER NOT NULL, data BLOB NOT NULL,
  team TEXT NOT NULL, uploaded_by TEXT NOT NULL, uploaded_at TEXT NOT NULL
) STRICT;

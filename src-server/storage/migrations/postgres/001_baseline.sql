-- The schema of the central API before numbered migrations (main bf09908), unchanged. IF NOT EXISTS
-- only here: a database made by that code already has these tables and is adopted, not rebuilt.
CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS agents (
  id text PRIMARY KEY, name text NOT NULL, team text NOT NULL, role text NOT NULL,
  password_hash text NOT NULL, disabled boolean NOT NULL DEFAULT false
);
-- The latest state of every synced document (see the SQLite baseline).
CREATE TABLE IF NOT EXISTS documents (
  collection text NOT NULL, id text NOT NULL, rev integer NOT NULL, deleted boolean NOT NULL DEFAULT false,
  data text, field_meta text, team text, owner text, seq bigint NOT NULL UNIQUE,
  PRIMARY KEY (collection, id)
);
-- Every applied mutation, recorded in the transaction of its change: the idempotency ledger.
CREATE TABLE IF NOT EXISTS mutations (
  mutation_id text PRIMARY KEY, client_id text NOT NULL, agent_id text NOT NULL,
  collection text NOT NULL, entity_id text NOT NULL, rev integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now()
);
-- Ticket attachments by content hash (the ticket's file field holds the reference).
CREATE TABLE IF NOT EXISTS attachments (
  sha256 text PRIMARY KEY, mime text NOT NULL, size integer NOT NULL, data bytea NOT NULL,
  team text NOT NULL, uploaded_by text NOT NULL, uploaded_at timestamptz NOT NULL DEFAULT now()
);
-- The change log's head: the highest seq handed out. Only the holder of the write lock moves it.
CREATE TABLE IF NOT EXISTS log_head (one boolean PRIMARY KEY DEFAULT true CHECK (one), seq bigint NOT NULL);
INSERT INTO log_head (one, seq) VALUES (true, 0) ON CONFLICT DO NOTHING;

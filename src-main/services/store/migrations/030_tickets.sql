-- Tickets (工单): published forms and code trees, tickets with their append-only events, the agent's
-- local drafts and attachments, and a character-gram FTS index for Chinese search.

-- Form schemas as published by the central API (collection `forms`), one row per ticket type's form.
CREATE TABLE ticket_forms (
  id         TEXT PRIMARY KEY,
  type       TEXT NOT NULL,
  version    INTEGER NOT NULL,
  sort_order INTEGER NOT NULL,
  data       TEXT NOT NULL,
  rev        INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Code trees (collection `codes`) and their leaves flattened for lookup and pinyin search.
CREATE TABLE code_trees (
  id      TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  data    TEXT NOT NULL,
  rev     INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TABLE code_leaves (
  tree     TEXT NOT NULL,
  code     TEXT NOT NULL,
  path_zh  TEXT NOT NULL,
  path_en  TEXT NOT NULL,
  initials TEXT NOT NULL,
  PRIMARY KEY (tree, code)
) STRICT;

-- One narrow row per ticket: what lists filter, sort and show. Kept narrow on purpose (the document
-- lives in ticket_docs) so that filtering 100,000 rows reads few pages. Both are written only by
-- ticket-rows.ts, in one transaction. customer_phone is unmasked: screen pop matches on it; every
-- UI read masks it.
CREATE TABLE tickets (
  id               TEXT PRIMARY KEY,
  number           TEXT NOT NULL,
  type             TEXT NOT NULL,
  form_id          TEXT NOT NULL,
  status           TEXT NOT NULL,
  priority         TEXT NOT NULL,
  priority_rank    INTEGER NOT NULL,
  title            TEXT NOT NULL,
  customer_phone   TEXT NOT NULL,
  complaint_code   TEXT,
  owner_id         TEXT NOT NULL,
  team             TEXT NOT NULL,
  assignee_id      TEXT,
  assignee_team    TEXT NOT NULL,
  escalation_level INTEGER NOT NULL DEFAULT 0,
  callback_at      TEXT,
  callback_done_at TEXT,
  -- The running SLA promise's due time and when its warning starts; NULL once the ticket is not open.
  sla_due_at       TEXT,
  sla_warn_at      TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  -- The server revision this row is based on; 0 until the server has it.
  rev              INTEGER NOT NULL DEFAULT 0,
  -- Set when a push was rejected (markTicketRejected); the ticket stays, editable and resubmittable.
  rejected_reason  TEXT,
  rejected_at      TEXT
) STRICT;
CREATE INDEX tickets_team_created ON tickets (team, created_at);
CREATE INDEX tickets_owner_created ON tickets (owner_id, created_at);
CREATE INDEX tickets_assignee_created ON tickets (assignee_id, created_at);
CREATE INDEX tickets_customer_phone ON tickets (customer_phone);
CREATE INDEX tickets_sla_due ON tickets (sla_due_at) WHERE sla_due_at IS NOT NULL;
CREATE INDEX tickets_code ON tickets (complaint_code) WHERE complaint_code IS NOT NULL;
CREATE INDEX tickets_callback ON tickets (owner_id, callback_at) WHERE callback_at IS NOT NULL AND callback_done_at IS NULL;
CREATE INDEX tickets_rejected ON tickets (rejected_at) WHERE rejected_reason IS NOT NULL;

-- The whole synced document (without events), one per ticket.
CREATE TABLE ticket_docs (
  id  TEXT PRIMARY KEY,
  doc TEXT NOT NULL
) STRICT;

-- Append-only history: transitions, notes, escalations, reveals… (who, when). Never updated.
CREATE TABLE ticket_events (
  id        TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  at        TEXT NOT NULL,
  kind      TEXT NOT NULL,
  data      TEXT NOT NULL
) STRICT;
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, at);

-- The agent's unfinished forms. Local only (never synced); saved within 500 ms of every change,
-- with the field that had the cursor, so a crash loses at most that.
CREATE TABLE ticket_drafts (
  id          TEXT PRIMARY KEY,
  form_id     TEXT NOT NULL,
  -- Set when the draft edits a ticket the server rejected.
  ticket_id   TEXT,
  field_values TEXT NOT NULL,
  focus_field TEXT,
  call        TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
) STRICT;

-- Attachment bytes, content-addressed. Tickets reference them by id in their file fields.
CREATE TABLE ticket_attachments (
  id         TEXT PRIMARY KEY,
  sha256     TEXT NOT NULL,
  name       TEXT NOT NULL,
  mime       TEXT NOT NULL,
  size       INTEGER NOT NULL,
  data       BLOB NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

-- Chinese search: character unigrams and bigrams (plus latin/digit words) in a unicode61 column.
-- Finds 1- and 2-character terms that trigram misses. rowid = tickets.rowid.
CREATE VIRTUAL TABLE tickets_fts USING fts5(grams, content='', contentless_delete=1, tokenize='unicode61');

-- Whether a ticket still waits to be uploaded is a lookup by entity in the outbox.
CREATE INDEX IF NOT EXISTS outbox_collection_entity ON outbox (collection, entity_id);

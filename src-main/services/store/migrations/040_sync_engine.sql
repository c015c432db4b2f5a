-- Sync engine (issue 6): what the server refused and what needs the agent's choice.

-- Mutations the server rejected, with its reason. Never dropped silently: the agent sees them,
-- may fix the patch and resubmit (a new outbox entry), or discard one explicitly (audited).
CREATE TABLE sync_dead_letters (
  mutation_id    TEXT PRIMARY KEY,
  collection     TEXT NOT NULL,
  entity_id      TEXT NOT NULL,
  op             TEXT NOT NULL,
  payload        TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  created_at     TEXT NOT NULL,
  code           TEXT NOT NULL,
  reason         TEXT NOT NULL,
  rejected_at    TEXT NOT NULL
) STRICT;

-- Field-level conflicts waiting for the agent: the local patch, the server's copy and the fields
-- both sides changed. Resolving enqueues a new update based on the server's rev.
CREATE TABLE sync_conflicts (
  mutation_id  TEXT PRIMARY KEY,
  collection   TEXT NOT NULL,
  entity_id    TEXT NOT NULL,
  op           TEXT NOT NULL,
  local_patch  TEXT NOT NULL,
  server_value TEXT,
  server_rev   INTEGER NOT NULL,
  fields       TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  detected_at  TEXT NOT NULL
) STRICT;

-- Pull asks "does this entity have a pending write?" for every change it applies.
CREATE INDEX outbox_entity ON outbox (collection, entity_id);

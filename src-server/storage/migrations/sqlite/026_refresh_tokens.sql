-- Issue 15: refresh tokens kept server-side, by SHA-256 only (a copy of this table signs no one
-- in). A refresh uses its token once (used_at) and gets the next of the same family; a used token
-- presented again means it was copied, and the whole family is revoked.
CREATE TABLE refresh_tokens (
  token_hash TEXT PRIMARY KEY,
  family TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  token_version INTEGER NOT NULL,
  issued_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  revoked_at TEXT
) STRICT;
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_agent ON refresh_tokens (agent_id, expires_at);

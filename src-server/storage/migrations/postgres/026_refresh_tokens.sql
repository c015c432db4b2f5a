-- Issue 15: refresh tokens kept server-side, hashed, rotated (see the SQLite migration).
CREATE TABLE refresh_tokens (
  token_hash text PRIMARY KEY,
  family text NOT NULL,
  agent_id text NOT NULL,
  token_version integer NOT NULL,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_agent ON refresh_tokens (agent_id, expires_at);

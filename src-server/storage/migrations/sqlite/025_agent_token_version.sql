-- Issue 15: every access token carries the agent's token version; bumping it (disable, password
-- change, logout, a reused refresh token) revokes every token issued before, within seconds.
ALTER TABLE agents ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;

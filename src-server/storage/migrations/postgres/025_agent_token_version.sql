-- Issue 15: the agent's token version (see the SQLite migration).
ALTER TABLE agents ADD COLUMN token_version integer NOT NULL DEFAULT 0;

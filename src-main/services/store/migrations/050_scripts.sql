-- Service scripts published by the central API (collection `scripts`), kept for offline use.
-- `search`, `initials` and `pinyin` are derived at save time so search needs no dictionary at run time.
CREATE TABLE scripts (
  id        TEXT PRIMARY KEY,
  title     TEXT NOT NULL,
  scenario  TEXT NOT NULL,
  version   INTEGER NOT NULL,
  initials  TEXT NOT NULL,
  pinyin    TEXT NOT NULL,
  data      TEXT NOT NULL,
  rev       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX scripts_scenario ON scripts (scenario, title);

-- The compliance record (质检证据) of each call that used a script, keyed by the call's id.
-- caller_number stays on this machine (it suggests the script on the caller's next call);
-- the synced record carries only the masked number.
CREATE TABLE script_runs (
  call_id       TEXT PRIMARY KEY,
  script_id     TEXT NOT NULL,
  caller_number TEXT NOT NULL,
  started_at    TEXT NOT NULL,
  ended_at      TEXT NOT NULL,
  record        TEXT NOT NULL
) STRICT;
CREATE INDEX script_runs_caller ON script_runs (caller_number, ended_at);
CREATE INDEX script_runs_ended ON script_runs (ended_at);

-- Pulled scripts this build cannot read (e.g. written by a newer schema): kept aside, visible,
-- instead of failing the whole pull or being dropped silently. The previous version stays in use.
CREATE TABLE scripts_rejected (
  id          TEXT PRIMARY KEY,
  rev         INTEGER NOT NULL,
  error       TEXT NOT NULL,
  data        TEXT NOT NULL,
  rejected_at TEXT NOT NULL
) STRICT;

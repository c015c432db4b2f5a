-- Softphone: the agent's call history and agent-state changes (for KPIs; both also go to the outbox).

CREATE TABLE calls (
  id                 TEXT PRIMARY KEY,
  direction          TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  number             TEXT NOT NULL,
  ring_at            TEXT NOT NULL,   -- ISO UTC; the call was offered (inbound) or dialled (outbound)
  answer_at          TEXT,
  end_at             TEXT,
  hold_seconds       REAL NOT NULL DEFAULT 0,
  acw_seconds        REAL NOT NULL DEFAULT 0,
  disposition        TEXT NOT NULL,
  ticket_id          TEXT,
  script_compliance  TEXT,            -- JSON, filled by the scripts feature
  rev                INTEGER NOT NULL DEFAULT 0,
  updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX calls_ring_at ON calls (ring_at);
CREATE INDEX calls_number ON calls (number, ring_at);

CREATE TABLE agent_state_log (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  status  TEXT NOT NULL,
  reason  TEXT,
  at      TEXT NOT NULL
) STRICT;
CREATE INDEX agent_state_log_at ON agent_state_log (at);

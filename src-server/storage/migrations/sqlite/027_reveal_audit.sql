-- Issue 15: every look at a masked value (the `revealed` ticket events agents push), recorded by
-- the centre in its own append-only table: the ticket's history is evidence, and so is who looked
-- at a customer's number and why. The triggers make the table append-only in the database itself:
-- no client, no API bug and no admin command can rewrite or erase a row.
CREATE TABLE reveal_audit (
  event_id TEXT PRIMARY KEY,
  ticket_id TEXT NOT NULL,
  field TEXT NOT NULL,
  reason TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  agent_role TEXT NOT NULL,
  team TEXT NOT NULL,
  revealed_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX reveal_audit_team ON reveal_audit (team, recorded_at);
CREATE INDEX reveal_audit_agent ON reveal_audit (agent_id, recorded_at);
CREATE TRIGGER reveal_audit_no_update BEFORE UPDATE ON reveal_audit
BEGIN
  SELECT RAISE(ABORT, 'reveal_audit is append-only');
END;
CREATE TRIGGER reveal_audit_no_delete BEFORE DELETE ON reveal_audit
BEGIN
  SELECT RAISE(ABORT, 'reveal_audit is append-only');
END;
-- Reveals already in the ticket histories (pushed before this table existed) are recorded too.
INSERT INTO reveal_audit (event_id, ticket_id, field, reason, agent_id, agent_role, team, revealed_at, recorded_at)
SELECT json_extract(e.value, '$.id'), d.id, COALESCE(json_extract(e.value, '$.field'), ''), COALESCE(json_extract(e.value, '$.reason'), ''),
       json_extract(e.value, '$.actor'), COALESCE(json_extract(e.value, '$.actorRole'), 'agent'), COALESCE(d.team, ''),
       COALESCE(json_extract(e.value, '$.recordedAt'), json_extract(e.value, '$.at')), json_extract(e.value, '$.at')
FROM documents d, json_each(d.data, '$.events') e
WHERE d.collection = 'tickets' AND d.data IS NOT NULL AND json_extract(e.value, '$.kind') = 'revealed'
ON CONFLICT (event_id) DO NOTHING;

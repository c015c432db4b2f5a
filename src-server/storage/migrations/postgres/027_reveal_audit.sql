-- Issue 15: the centre's append-only reveal audit (see the SQLite migration). The trigger refuses
-- UPDATE and DELETE for every role; TRUNCATE is refused too.
CREATE TABLE reveal_audit (
  event_id text PRIMARY KEY,
  ticket_id text NOT NULL,
  field text NOT NULL,
  reason text NOT NULL,
  agent_id text NOT NULL,
  agent_role text NOT NULL,
  team text NOT NULL,
  revealed_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL
);
CREATE INDEX reveal_audit_team ON reveal_audit (team, recorded_at);
CREATE INDEX reveal_audit_agent ON reveal_audit (agent_id, recorded_at);
CREATE FUNCTION reveal_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'reveal_audit is append-only';
END;
$$;
CREATE TRIGGER reveal_audit_no_change BEFORE UPDATE OR DELETE ON reveal_audit FOR EACH ROW EXECUTE FUNCTION reveal_audit_append_only();
CREATE TRIGGER reveal_audit_no_truncate BEFORE TRUNCATE ON reveal_audit FOR EACH STATEMENT EXECUTE FUNCTION reveal_audit_append_only();
-- Reveals already in the ticket histories are recorded too.
INSERT INTO reveal_audit (event_id, ticket_id, field, reason, agent_id, agent_role, team, revealed_at, recorded_at)
SELECT e->>'id', d.id, COALESCE(e->>'field', ''), COALESCE(e->>'reason', ''), e->>'actor', COALESCE(e->>'actorRole', 'agent'), COALESCE(d.team, ''),
       COALESCE(e->>'recordedAt', e->>'at')::timestamptz, (e->>'at')::timestamptz
FROM documents d, jsonb_array_elements(d.data::jsonb -> 'events') e
WHERE d.collection = 'tickets' AND d.data IS NOT NULL AND jsonb_typeof(d.data::jsonb -> 'events') = 'array' AND e->>'kind' = 'revealed'
ON CONFLICT (event_id) DO NOTHING;

-- Attachments now travel to the central API (PUT /v1/attachments/<sha256>) before the push that
-- references them. uploaded_at: when the server confirmed it has the bytes (or they came from it);
-- upload_error: why the server refused them (the upload is not retried; the ticket shows it).
ALTER TABLE ticket_attachments ADD COLUMN uploaded_at TEXT;
ALTER TABLE ticket_attachments ADD COLUMN upload_error TEXT;
CREATE INDEX ticket_attachments_sha256 ON ticket_attachments (sha256);
